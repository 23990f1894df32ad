#!/usr/bin/env node
// `npx trucban …` straight after `npm ci`: runs the TypeScript CLI through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// `trucban …`: runs the CLI's esbuild bundle (dist-cli/cli.cjs, built by `npm ci`'s prepare step
// or `npm run build:cli`) while it is fresh, so a command starts without compiling TypeScript;
// otherwise (no bundle yet, or a source edited since the build: scripts/cli-bundle.js) the
// TypeScript sources through tsx, as in development.
//   TRUCBAN_CLI_DIR=DIR   use the bundle in DIR instead of dist-cli/
//   TRUCBAN_CLI_TSX=1     always run the sources through tsx
//   TRUCBAN_CLI_TRACE=1   say on stderr which one runs (tests/cli/bundle.test.ts)
import { createRequire } from 'node:module';
import { bundleStatus, DEFAULT_DIR } from '../scripts/cli-bundle.js';

const status = process.env.TRUCBAN_CLI_TSX === '1' ? { fresh: false, reason: 'TRUCBAN_CLI_TSX=1' } : bundleStatus(process.env.TRUCBAN_CLI_DIR || DEFAULT_DIR);
let main;
if (status.fresh) {
  if (process.env.TRUCBAN_CLI_TRACE === '1') console.error(`trucban: bundle ${status.entry}`);
  ({ main } = createRequire(import.meta.url)(status.entry));
} else {
  if (process.env.TRUCBAN_CLI_TRACE === '1') console.error(`trucban: tsx (${status.reason})`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src-main/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));

/**
 * Builds the renderer once before the e2e tier, so every test drives fresh output in
 * dist/renderer (the browser-mode server serves it as static files).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function setup(): Promise<void> {
  await build({ configFile: path.join(root, 'vite.renderer.config.ts'), logLevel: 'warn', mode: 'production' });
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's (or the packaged app's) assets folder; TRUCBAN_ASSETS_DIR overrides. */
export function assetsDir(): string {
  if (process.env.TRUCBAN_ASSETS_DIR) return process.env.TRUCBAN_ASSETS_DIR;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'assets');
    if (fs.existsSync(path.join(candidate, 'catalog'))) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve('assets');
}

export const DEFAULT_CATALOG = 'catalog/org-units-2025-03-15.csv';

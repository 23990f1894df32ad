// The CLI's bundle and whether it is fresh (scripts/build-cli.js writes it, bin/trucban.js reads it).
//
// `npm ci` runs the root package's `prepare` step, which bundles src-main/cli/main.ts and the job
// worker (src-main/jobs/worker.ts) with esbuild into dist-cli/, so `node bin/trucban.js …` starts
// without compiling TypeScript. The bundle records every source file it was built from (path,
// size, mtime) in dist-cli/inputs.json; bin/trucban.js runs the bundle only while every one of
// them is unchanged (one stat each, about a millisecond), and otherwise runs the sources through
// tsx, so a development checkout never runs stale code after an edit (docs/performance.md,
// "The CLI's start").
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DIR = path.join(ROOT, 'dist-cli');
export const MANIFEST = 'inputs.json';
export const ENTRY = 'cli.cjs';
const FORMAT = 1;

/** [path relative to root, size, mtimeMs] of each file, or null for a missing one. */
export function fingerprint(files, root = ROOT) {
  return files.map((rel) => {
    try {
      const st = fs.statSync(path.join(root, rel));
      return [rel, st.size, st.mtimeMs];
    } catch {
      return [rel, -1, -1];
    }
  });
}

export function writeManifest(dir, files, root = ROOT) {
  const manifest = { format: FORMAT, inputs: fingerprint(files, root) };
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest));
}

/**
 * { fresh: true, entry } when dir holds a bundle whose inputs are all unchanged, else
 * { fresh: false, reason } (no bundle, unreadable manifest, or the first changed input).
 */
export function bundleStatus(dir = DEFAULT_DIR, root = ROOT) {
  const entry = path.join(dir, ENTRY);
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8'));
  } catch {
    return { fresh: false, reason: 'no bundle' };
  }
  if (!manifest || manifest.format !== FORMAT || !Array.isArray(manifest.inputs) || manifest.inputs.length === 0) {
    return { fresh: false, reason: 'unreadable manifest' };
  }
  if (!fs.existsSync(entry)) return { fresh: false, reason: 'no bundle' };
  for (const item of manifest.inputs) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') return { fresh: false, reason: 'unreadable manifest' };
    const [rel, size, mtimeMs] = item;
    const [, nowSize, nowMtime] = fingerprint([rel], root)[0];
    if (nowSize !== size || nowMtime !== mtimeMs) return { fresh: false, reason: `changed since the build: ${rel}` };
  }
  return { fresh: true, entry };
}

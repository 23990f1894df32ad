#!/usr/bin/env node
// Bundles the Electron shell with esbuild (no Electron binary needed):
//   src-main/electron/main.ts    → <outdir>/main.cjs     (node, cjs; external: electron, better-sqlite3, pdfmake, docx)
//   src-main/electron/preload.ts → <outdir>/preload.cjs  (sandboxed preload: may require only 'electron')
//   src-main/electron/core-entry.ts → <outdir>/core.cjs  (the core's utility process: database, video, watchers, loopback server)
//   src-main/jobs/worker.ts      → <outdir>/jobs-worker.cjs (worker thread for heavy jobs; src-main/jobs/runner.ts starts it)
// Usage: node scripts/build-electron.js [--outdir DIR] [--no-sourcemap]   (default outdir: dist-electron)
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Electron 38 ships Node 22 and Chromium 140.
const NODE_TARGET = 'node22';

function parseArgs(argv) {
  const opts = { outdir: path.join(ROOT, 'dist-electron'), sourcemap: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--outdir') {
      const v = argv[++i];
      if (!v) throw new Error('--outdir needs a directory');
      opts.outdir = path.resolve(v);
    } else if (a.startsWith('--outdir=')) {
      opts.outdir = path.resolve(a.slice('--outdir='.length));
    } else if (a === '--no-sourcemap') {
      opts.sourcemap = false;
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  return opts;
}

/** Every bare module the bundle still requires at run time (from esbuild's metafile). */
function runtimeImports(metafile) {
  const out = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) if (imp.external) out.add(imp.path);
  }
  return [...out].sort();
}

export async function buildElectron({ outdir, sourcemap = true } = parseArgs([])) {
  fs.mkdirSync(outdir, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    sourcemap: sourcemap ? 'linked' : false,
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: ROOT,
    tsconfig: path.join(ROOT, 'src-main', 'tsconfig.json'),
  };

  const main = await build({
    ...common,
    entryPoints: [path.join(ROOT, 'src-main/electron/main.ts')],
    outfile: path.join(outdir, 'main.cjs'),
    // better-sqlite3 loads a native module: keep it a real require so the Electron build
    // (resources/native/better_sqlite3.node, passed as nativeBinding) is used at run time.
    external: ['electron', 'better-sqlite3', 'pdfmake', 'docx'], // pdfmake loads font data files from its own folder
    // Modules written as ESM use import.meta.url to find their files; give the CJS bundle a
    // real one (the bundle's own location) instead of esbuild's empty stand-in.
    define: { 'import.meta.url': '__trucban_import_meta_url' },
    // ("use strict" first: the banner precedes esbuild's own directive, which would then not count.)
    banner: { js: '"use strict";\nconst __trucban_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  });

  // the core's utility process (main.cjs forks it): same externals and import.meta.url stand-in
  const coreProcess = await build({
    ...common,
    entryPoints: [path.join(ROOT, 'src-main/electron/core-entry.ts')],
    outfile: path.join(outdir, 'core.cjs'),
    external: ['electron', 'better-sqlite3', 'pdfmake', 'docx'],
    define: { 'import.meta.url': '__trucban_import_meta_url' },
    banner: { js: '"use strict";\nconst __trucban_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  });
  // it talks to main over its port only; it must work as well under node (tests, benchmarks)
  if (runtimeImports(coreProcess.metafile).includes('electron')) throw new Error('core.cjs must not require electron');

  // the heavy-job worker thread: same externals and import.meta.url stand-in as main.cjs
  const jobsWorker = await build({
    ...common,
    entryPoints: [path.join(ROOT, 'src-main/jobs/worker.ts')],
    outfile: path.join(outdir, 'jobs-worker.cjs'),
    external: ['electron', 'better-sqlite3', 'pdfmake', 'docx'],
    define: { 'import.meta.url': '__trucban_import_meta_url' },
    banner: { js: '"use strict";\nconst __trucban_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  });
  if (runtimeImports(jobsWorker.metafile).includes('electron')) throw new Error('jobs-worker.cjs must not require electron');

  const preload = await build({
    ...common,
    entryPoints: [path.join(ROOT, 'src-main/electron/preload.ts')],
    outfile: path.join(outdir, 'preload.cjs'),
    external: ['electron'],
  });

  // A sandboxed preload can require only 'electron'; fail the build rather than the app.
  const preloadImports = runtimeImports(preload.metafile);
  const extra = preloadImports.filter((m) => m !== 'electron');
  if (extra.length > 0) throw new Error(`preload.cjs must require only 'electron', but requires: ${extra.join(', ')}`);

  return {
    main: path.join(outdir, 'main.cjs'),
    preload: path.join(outdir, 'preload.cjs'),
    jobsWorker: path.join(outdir, 'jobs-worker.cjs'),
    core: path.join(outdir, 'core.cjs'),
    coreImports: runtimeImports(coreProcess.metafile),
    mainImports: runtimeImports(main.metafile),
    preloadImports,
  };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  try {
    const r = await buildElectron(parseArgs(process.argv.slice(2)));
    console.log(`built ${path.relative(process.cwd(), r.main) || r.main} (requires: ${r.mainImports.join(', ')})`);
    console.log(`built ${path.relative(process.cwd(), r.core) || r.core} (requires: ${r.coreImports.join(', ')})`);
    console.log(`built ${path.relative(process.cwd(), r.preload) || r.preload} (requires: ${r.preloadImports.join(', ')})`);
  } catch (err) {
    console.error(`build-electron: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

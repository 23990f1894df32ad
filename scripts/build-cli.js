#!/usr/bin/env node
// Bundles the command line with esbuild (package.json "prepare", so `npm ci` runs it; also
// `npm run build:cli`):
//   src-main/cli/main.ts    → <outdir>/cli.cjs          (node, cjs; external: better-sqlite3, pdfmake, docx)
//   src-main/jobs/worker.ts → <outdir>/jobs-worker.cjs  (the job worker thread; src-main/jobs/runner.ts
//                                                        starts it from beside the bundle)
//   scripts/cli-run.cjs     → <outdir>/run.cjs          (copied: the installed app's CLI on Electron's runtime,
//                                                        ELECTRON_RUN_AS_NODE; docs/deployment.md)
//   <outdir>/inputs.json    the source files it was built from, with their size and mtime
//                           (scripts/cli-bundle.js: bin/trucban.js runs the bundle only while they are unchanged)
// Usage: node scripts/build-cli.js [--outdir DIR]   (default outdir: dist-cli; DIR must be inside
// the repository, so the bundle finds node_modules and assets/ by walking up)
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DEFAULT_DIR, ENTRY, MANIFEST, ROOT, writeManifest } from './cli-bundle.js';

// the Node the CLI runs on (package.json engines)
const NODE_TARGET = 'node20';
const EXTERNAL = [
  'electron',
  // a native module: loaded from node_modules at run time
  'better-sqlite3',
  // both load data files (fonts, templates) from their own folders
  'pdfmake',
  'docx',
];
// Modules written as ESM use import.meta.url to find their files; give the CJS bundle a real one
// (the bundle's own location) instead of esbuild's empty stand-in (as scripts/build-electron.js).
const IMPORT_META = {
  define: { 'import.meta.url': '__trucban_import_meta_url' },
  banner: { js: '"use strict";\nconst __trucban_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
};

function parseArgs(argv) {
  const opts = { outdir: DEFAULT_DIR };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--outdir') {
      const v = argv[++i];
      if (!v) throw new Error('--outdir needs a directory');
      opts.outdir = path.resolve(v);
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  return opts;
}

export async function buildCli({ outdir } = { outdir: DEFAULT_DIR }) {
  fs.mkdirSync(outdir, { recursive: true });
  // no manifest while the bundles are being written: an interrupted build is "no bundle", never half a one
  fs.rmSync(path.join(outdir, MANIFEST), { force: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    logLevel: 'warning',
    metafile: true,
    absWorkingDir: ROOT,
    tsconfig: path.join(ROOT, 'src-main', 'tsconfig.json'),
    external: EXTERNAL,
    ...IMPORT_META,
  };
  const [cli, worker] = await Promise.all([
    build({ ...common, entryPoints: [path.join(ROOT, 'src-main/cli/main.ts')], outfile: path.join(outdir, ENTRY) }),
    build({ ...common, entryPoints: [path.join(ROOT, 'src-main/jobs/worker.ts')], outfile: path.join(outdir, 'jobs-worker.cjs') }),
  ]);
  fs.copyFileSync(path.join(ROOT, 'scripts/cli-run.cjs'), path.join(outdir, 'run.cjs'));
  // our own sources (bundled packages change only with package-lock.json, whose `npm ci` rebuilds)
  const inputs = new Set(['package-lock.json', 'scripts/build-cli.js', 'scripts/cli-bundle.js', 'scripts/cli-run.cjs']);
  for (const r of [cli, worker]) {
    for (const file of Object.keys(r.metafile.inputs)) if (!file.split('/').includes('node_modules') && !file.includes(':')) inputs.add(file);
  }
  writeManifest(outdir, [...inputs].sort());
  return { entry: path.join(outdir, ENTRY), inputs: inputs.size };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  try {
    const started = Date.now();
    const r = await buildCli(parseArgs(process.argv.slice(2)));
    console.log(`built ${path.relative(process.cwd(), r.entry) || r.entry} from ${r.inputs} files in ${Date.now() - started} ms`);
  } catch (err) {
    console.error(`build-cli: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

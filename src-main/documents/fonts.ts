/**
 * Fonts for the printed forms (DOCX and PDF).
 *
 * The decree (Nghị định 30/2020/NĐ-CP) asks for Times New Roman. We ship Liberation Serif 2
 * (SIL OFL 1.1, assets/fonts/LICENSE-LiberationSerif.txt): it is metric-compatible with Times
 * New Roman — same advance widths, so line breaks and page breaks match — and it carries the
 * full Vietnamese repertoire (precomposed Latin Extended Additional, U+1EA0–U+1EF9).
 *
 * - PDF: pdfmake embeds the TTF files given here by path.
 * - DOCX: runs name "Times New Roman" so Word uses it; LibreOffice substitutes Liberation Serif.
 *
 * The folder is found at run time, in this order:
 *   1. `TRUCBAN_ASSETS_DIR` (the `assets` folder, or the `fonts` folder itself);
 *   2. walking up from this module (import.meta.url in ESM/tsx, __dirname in a CJS bundle)
 *      looking for `assets/fonts` — covers src-main/documents/ and dist-electron/;
 *   3. Electron's `process.resourcesPath/assets/fonts` (packaged app, extraResources);
 *   4. `<cwd>/assets/fonts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** pdfmake family name of the embedded serif font. */
export const PDF_FONT_FAMILY = 'LiberationSerif';
/** Font name written into DOCX runs (Word uses it; LibreOffice maps it to Liberation Serif). */
export const DOCX_FONT_NAME = 'Times New Roman';

export type FontStyle = 'normal' | 'bold' | 'italics' | 'bolditalics';

export const FONT_FILES: Readonly<Record<FontStyle, string>> = {
  normal: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italics: 'LiberationSerif-Italic.ttf',
  bolditalics: 'LiberationSerif-BoldItalic.ttf',
};

const PROBE_FILE = FONT_FILES.normal;

function hasFonts(dir: string): boolean {
  return existsSync(join(dir, PROBE_FILE));
}

/** Directory of this module, whether it runs as ESM (tsx, vitest) or inside a CJS bundle. */
function moduleDirs(): string[] {
  const dirs: string[] = [];
  try {
    // In a CJS bundle esbuild turns `import.meta` into `{}`, so `url` is undefined there.
    const url = (import.meta as { url?: string }).url;
    if (typeof url === 'string' && url.startsWith('file:')) dirs.push(dirname(fileURLToPath(url)));
  } catch {
    /* not ESM */
  }
  if (typeof __dirname === 'string') dirs.push(__dirname);
  return dirs;
}

let cached: { override: string; dir: string } | null = null;

/**
 * Absolute path of the folder holding the Liberation Serif TTF files.
 * @throws Error naming every place looked at, when none holds the fonts.
 */
export function resolveFontsDir(): string {
  const override = process.env.TRUCBAN_ASSETS_DIR ?? '';
  if (cached && cached.override === override && hasFonts(cached.dir)) return cached.dir;
  const dir = findFontsDir(override);
  cached = { override, dir };
  return dir;
}

function findFontsDir(override: string): string {
  const tried: string[] = [];
  if (override) {
    // An explicit override that does not work is a configuration error: say so, do not guess.
    for (const dir of [join(override, 'fonts'), override]) {
      const abs = resolve(dir);
      if (hasFonts(abs)) return abs;
      tried.push(abs);
    }
    throw new Error(`TRUCBAN_ASSETS_DIR=${override}: no ${PROBE_FILE} in ${tried.join(' or ')}`);
  }

  for (const start of moduleDirs()) {
    let dir = start;
    for (let depth = 0; depth < 6; depth++) {
      const candidate = join(dir, 'assets', 'fonts');
      tried.push(candidate);
      if (hasFonts(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }

  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const tail: string[] = [];
  if (typeof resourcesPath === 'string') tail.push(join(resourcesPath, 'assets', 'fonts'));
  tail.push(join(process.cwd(), 'assets', 'fonts'));
  for (const candidate of tail) {
    tried.push(candidate);
    if (hasFonts(candidate)) return candidate;
  }

  const where = [...new Set(tried)].join('\n  ');
  throw new Error(`Liberation Serif fonts not found (set TRUCBAN_ASSETS_DIR); looked in:\n  ${where}`);
}

/** Absolute paths of the four faces, keyed as pdfmake expects. */
export function fontPaths(): Record<FontStyle, string> {
  const dir = resolveFontsDir();
  return {
    normal: join(dir, FONT_FILES.normal),
    bold: join(dir, FONT_FILES.bold),
    italics: join(dir, FONT_FILES.italics),
    bolditalics: join(dir, FONT_FILES.bolditalics),
  };
}

/** pdfmake font dictionary: one family, four faces, given as file paths. */
export function pdfFontDictionary(): Record<string, Record<FontStyle, string>> {
  return { [PDF_FONT_FAMILY]: fontPaths() };
}

// ---------------------------------------------------------------------------------------------
// Advance-width metrics, read straight from the TTF (hmtx + cmap format 4). Used to size the
// short rules of the administrative header (the rule under the motto is as long as the motto,
// the one under the issuing unit 1/3–1/2 of its name). Kerning is ignored: a rule length does
// not need sub-point precision. Widths equal Times New Roman's (metric compatibility), so the
// same numbers serve DOCX.

interface Metrics {
  unitsPerEm: number;
  advances: Uint16Array;
  cmap: Map<number, number>;
}

const metricsCache = new Map<FontStyle, Metrics>();

function parseTtf(buf: Buffer): Metrics {
  const numTables = buf.readUInt16BE(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const need = (tag: string): number => {
    const off = tables.get(tag);
    if (off === undefined) throw new Error(`TTF table ${tag} missing`);
    return off;
  };
  const head = need('head');
  const hhea = need('hhea');
  const hmtx = need('hmtx');
  const cmapOff = need('cmap');
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const numberOfHMetrics = buf.readUInt16BE(hhea + 34);
  const advances = new Uint16Array(numberOfHMetrics);
  for (let i = 0; i < numberOfHMetrics; i++) advances[i] = buf.readUInt16BE(hmtx + i * 4);

  const cmap = new Map<number, number>();
  const nSub = buf.readUInt16BE(cmapOff + 2);
  let sub = -1;
  for (let i = 0; i < nSub; i++) {
    const rec = cmapOff + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const off = cmapOff + buf.readUInt32BE(rec + 4);
    if (platform === 3 && encoding === 1 && buf.readUInt16BE(off) === 4) sub = off;
  }
  if (sub < 0) throw new Error('TTF has no Unicode BMP cmap (3,1,4)');
  const segX2 = buf.readUInt16BE(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  for (let s = 0; s < segX2; s += 2) {
    const end = buf.readUInt16BE(ends + s);
    const start = buf.readUInt16BE(starts + s);
    const delta = buf.readInt16BE(deltas + s);
    const rangeOffset = buf.readUInt16BE(ranges + s);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = ranges + s + rangeOffset + (c - start) * 2;
        glyph = buf.readUInt16BE(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) cmap.set(c, glyph);
    }
  }
  return { unitsPerEm, advances, cmap };
}

function metrics(style: FontStyle): Metrics {
  let m = metricsCache.get(style);
  if (!m) {
    m = parseTtf(readFileSync(fontPaths()[style]));
    metricsCache.set(style, m);
  }
  return m;
}

/** Width in points of `text` set in Liberation Serif (= Times New Roman) at `sizePt`. */
export function textWidthPt(text: string, style: FontStyle, sizePt: number): number {
  const m = metrics(style);
  const last = m.advances.length - 1;
  let units = 0;
  for (const ch of text.normalize('NFC')) {
    const glyph = m.cmap.get(ch.codePointAt(0) ?? 0) ?? 0;
    units += m.advances[Math.min(glyph, last)] ?? 0;
  }
  return (units / m.unitsPerEm) * sizePt;
}

/**
 * Renders Phụ lục II–V from the test fixtures to PDF, DOCX and small PNG previews:
 *
 *   npx tsx scripts/render-forms.ts [outDir] [--draft]
 *
 * Default outDir: docs/images (PNG only, phu-luc-{2,3,4,5}.png, pdftoppm -r 80 + a palette
 * squeeze by pdftoppm's gray mode). The PDF/DOCX files are kept beside the PNGs when outDir is
 * given. Needs poppler-utils (pdftoppm).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderForm } from '../src-main/documents/forms';
import { ANNEX_TYPE_ABBR, documentSymbol } from '../src-shared/domain/forms';
import { FIXTURES, ISSUED_AT } from '../tests/main/documents/form-fixtures';

const args = process.argv.slice(2);
const draft = args.includes('--draft');
const outArg = args.find((a) => !a.startsWith('--'));
const outDir = outArg ?? join(process.cwd(), 'docs', 'images');
const keepFiles = outArg !== undefined;
mkdirSync(outDir, { recursive: true });
const work = keepFiles ? outDir : mkdtempSync(join(tmpdir(), 'trucban-forms-'));
const PNG_NAMES = { II: 'phu-luc-2', III: 'phu-luc-3', IV: 'phu-luc-4', V: 'phu-luc-5' } as const;

let n = 6;
for (const annex of ['II', 'III', 'IV', 'V'] as const) {
  const form = FIXTURES[annex];
  const symbol = documentSymbol(annex, form.fields.header.unitAbbr);
  n += 1;
  const files = await renderForm({ form, symbol, number: draft ? null : n, issuedAt: draft ? null : ISSUED_AT[annex] });
  const base = `${PNG_NAMES[annex]}${draft ? '-du-thao' : ''}`;
  const pdf = join(work, `${base}.pdf`);
  writeFileSync(pdf, files.pdf);
  if (keepFiles) writeFileSync(join(work, `${base}.docx`), files.docx);
  // -singlefile: page 1 (every fixture fits one page); gray keeps the PNG small.
  execFileSync('pdftoppm', ['-png', '-r', '80', '-gray', '-singlefile', pdf, join(outDir, base)]);
  console.log(`${annex} (${ANNEX_TYPE_ABBR[annex]}): ${join(outDir, `${base}.png`)}`);
}
if (!keepFiles) rmSync(work, { recursive: true, force: true });

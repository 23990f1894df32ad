/**
 * Reading generated forms back with the tools a person would use: poppler's pdftotext and
 * unzip (word/document.xml). Shared by the form tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

let scratch = '';
function scratchFile(name: string, data: Buffer): string {
  if (!scratch) scratch = process.env.TRUCBAN_DOCS_OUT ?? mkdtempSync(join(tmpdir(), 'trucban-forms-'));
  const file = join(scratch, name);
  writeFileSync(file, data);
  return file;
}

export interface PdfRead {
  /** pdftotext -layout: columns side by side, as on the page. */
  layout: string;
  /** The -layout text with every run of whitespace collapsed to one space. */
  flat: string;
  /** Without any whitespace: a value wrapped over several lines still reads as one. */
  squashed: string;
  pages: number;
  info: string;
}

export function readPdf(pdf: Buffer, name: string): PdfRead {
  const file = scratchFile(name, pdf);
  const layout = tool('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
  const info = tool('pdfinfo', [file]);
  return {
    layout,
    flat: layout.replace(/\s+/gu, ' '),
    squashed: layout.replace(/\s+/gu, ''),
    pages: Number(/^Pages:\s+(\d+)/mu.exec(info)?.[1] ?? 0),
    info,
  };
}

/** Text without whitespace, to find a value however it was wrapped. */
export const squash = (s: string): string => s.normalize('NFC').replace(/\s+/gu, '');

/** Text of each w:p of the DOCX body (runs joined, entities decoded), and the raw XML. */
export function readDocx(docx: Buffer, name: string): { paras: string[]; xml: string } {
  const file = scratchFile(name, docx);
  const xml = tool('unzip', ['-p', file, 'word/document.xml']);
  const decode = (s: string) =>
    s.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&apos;/gu, "'").replace(/&amp;/gu, '&');
  const paras = (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/gu) ?? []).map((p) =>
    decode((p.match(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu) ?? []).map((t) => t.replace(/<[^>]+>/gu, '')).join('')),
  );
  return { paras, xml };
}

/** Positions of `needles` in `hay` (−1 when missing): for checking reading order. */
export function positions(hay: string, needles: readonly string[]): number[] {
  return needles.map((n) => hay.indexOf(n));
}

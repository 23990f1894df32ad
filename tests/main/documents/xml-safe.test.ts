/**
 * Text an officer typed or pasted may hold characters XML 1.0 forbids (a NUL from a
 * scanner, ESC from a terminal, U+FFFF from a broken converter, half an emoji). Exported
 * logbooks and issued forms must still open: document.xml is checked with a strict XML 1.0
 * check and the PDF is read back with pdftotext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportLogbook } from '../../../src-main/logbook/export-file';
import { renderFormDocx, renderFormPdf } from '../../../src-main/documents/forms';
import type { Core } from '../../../src-main/app/core';
import { ISSUED_AT, annexII } from './form-fixtures';
import type { FormData } from '../../../src-shared/domain/forms';
import { readDocx, readPdf, squash } from './read-back';
import { FakeClock, callAs, stationCore, tmpDir } from '../../helpers';
import { assertWellFormedXml } from '../../helpers/xml-check';

const NASTY = 'Xe\u0000 rời\u0007 bãi\u001b[2J \u000b\u000ccổng\u0008 B\uFFFE\uFFFF lúc\u0085 14:03 <&> "x"';
const CLEAN = 'Xe rời bãi[2J cổng B lúc 14:03 <&> "x"';
/** Half an emoji: SQLite's UTF-8 already turns a stored one into U+FFFD, a form renders it as is. */
const HALF = '\uD83D';

describe('strict XML check (the helper itself)', () => {
  it('accepts a small DOCX-like part and refuses forbidden characters, bad nesting and bad references', () => {
    expect(() => assertWellFormedXml('<?xml version="1.0"?><w:p a="1"><w:t xml:space="preserve">a &amp; b&#x1F600;</w:t><w:br/></w:p>')).not.toThrow();
    expect(() => assertWellFormedXml('<a>x\u0001</a>')).toThrow(/not allowed/u);
    expect(() => assertWellFormedXml('<a>\uFFFF</a>')).toThrow(/not allowed/u);
    expect(() => assertWellFormedXml('<a><b></a></b>')).toThrow(/does not close/u);
    expect(() => assertWellFormedXml('<a>&#1;</a>')).toThrow(/bad reference/u);
    expect(() => assertWellFormedXml('<a b="1" b="2"/>')).toThrow(/duplicate/u);
  });
});

describe('a logbook entry with forbidden characters', () => {
  let core: Core;
  const t = tmpDir();
  beforeAll(async () => {
    core = await stationCore(`${t.dir}/st.sqlite`, new FakeClock());
    const r = await callAs(core, 'officer', 'logbook:add', { kind: 'incident', text: NASTY, details: { place: 'Bãi\u0001 kiểm tra' } });
    expect(r.ok).toBe(true);
  });
  afterAll(() => {
    core.close();
    t.cleanup();
  });

  it('exports to a DOCX whose document.xml is well-formed XML 1.0 and holds the text', async () => {
    const r = await exportLogbook(core, '2026-11-22', '2026-11-22', 'docx');
    const { xml, paras } = readDocx(r.data, 'nasty-logbook.docx');
    expect(() => assertWellFormedXml(xml)).not.toThrow();
    expect(squash(paras.join(''))).toContain(squash(CLEAN));
  });

  it('exports to a PDF that pdftotext reads, with the text', async () => {
    const r = await exportLogbook(core, '2026-11-22', '2026-11-22', 'pdf');
    const pdf = readPdf(r.data, 'nasty-logbook.pdf');
    expect(pdf.pages).toBeGreaterThan(0);
    expect(pdf.squashed).toContain(squash('Xe rời bãi[2J cổng B'));
    expect(pdf.squashed).toContain(squash('lúc 14:03 <&> "x"'));
  });
});

describe('a form field with forbidden characters', () => {
  const form: FormData = { annex: 'II', fields: { ...annexII, requestedContent: `${NASTY}${HALF}`, focalPoint: `Đ/c Lan\u0000\u001f ${'\uDC00'}` } };
  const input = { form, number: 7, issuedAt: ISSUED_AT.II, symbol: 'TB-TrB' };

  it('renders to a DOCX whose document.xml is well-formed XML 1.0', async () => {
    const { xml, paras } = readDocx(await renderFormDocx(input), 'nasty-form.docx');
    expect(() => assertWellFormedXml(xml)).not.toThrow();
    expect(squash(paras.join(''))).toContain(squash(`${CLEAN}\uFFFD`));
    expect(squash(paras.join(''))).toContain(squash('Đ/c Lan \uFFFD'));
  });

  it('renders to a PDF that pdftotext reads', async () => {
    const pdf = readPdf(await renderFormPdf(input), 'nasty-form.pdf');
    expect(pdf.pages).toBe(1);
    expect(pdf.squashed).toContain(squash('Xe rời bãi[2J cổng B'));
  });
});

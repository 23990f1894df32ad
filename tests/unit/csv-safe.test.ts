import { describe, expect, it } from 'vitest';
import { neutraliseCell, parseCsv, restoreCell, toCsv } from '../../src-main/org/csv';
import { parseCameraCsv, toCameraCsv } from '../../src-main/cameras/csv';
import type { Camera } from '../../src-shared/domain/cameras';

const FORMULAS = ['=HYPERLINK("http://x","bấm")', '+84 912 345 678', '-1+1', '@SUM(A1)', '\t=1', '\r=1', "'=already", "''+x"];

describe('CSV cells cannot run as formulas', () => {
  it('prefixes every text cell starting with = + - @ tab or CR with a quote, and quotes it', () => {
    const csv = toCsv([FORMULAS]);
    const cells = parseCsvRaw(csv);
    for (const c of cells) expect(c, c).toMatch(/^"'/u);
    expect(csv.startsWith(`"'=HYPERLINK(""http://x"",""bấm"")"`)).toBe(true);
  });

  it('leaves ordinary text and numbers alone', () => {
    expect(toCsv([['Cổng A', "O'Neil", 'a=b', 12, -3, null]])).toBe("Cổng A,O'Neil,a=b,12,-3,\n");
  });

  it('round-trips through our own import exactly (the rule is reversible)', () => {
    const values = [...FORMULAS, "'", "'a", "''", 'bình thường', '', '-'];
    expect(parseCsv(toCsv([values, ['x']]))[0]).toEqual(values);
    for (const v of values) expect(restoreCell(neutraliseCell(v))).toBe(v);
  });
});

describe('camera CSV export', () => {
  const cam: Camera = {
    id: 'c1', number: 7, name: '=cmd|" /C calc"!A0', siteType: 'road_border_gate', siteName: '@Cửa khẩu Hữu Nghị',
    zone: 'entry_exit_lanes', unitCode: '15E1', mainUrl: 'rtsp://127.0.0.1:8554/cam7/main', subUrl: null, hasCredentials: false,
    mapNote: '+84912345678 -Góc nhìn cổng A', neighbours: [1, 2], recognition: true, active: true, updatedAt: 0,
  };

  it('writes no cell a spreadsheet would evaluate, and imports back to the same values', () => {
    const csv = toCameraCsv([cam]);
    for (const c of parseCsvRaw(csv).map(unquote)) expect(c, c).not.toMatch(/^[=+\-@\t\r]/u);
    const [row] = parseCameraCsv(csv);
    expect(row!.input).toMatchObject({ number: 7, name: cam.name, siteName: cam.siteName, mapNote: '+84912345678 -Góc nhìn cổng A', neighbours: [1, 2] });
  });
});

/** A raw cell's value per RFC 4180 (what a spreadsheet evaluates). */
const unquote = (c: string): string => (c.startsWith('"') ? c.slice(1, -1).replace(/""/gu, '"') : c);

/** The raw cells as written, quotes included: RFC 4180 only, none of our unquoting. before any unquoting of ours: RFC 4180 only. */
function parseCsvRaw(csv: string): string[] {
  const out: string[] = [];
  for (const line of csv.split('\n').filter(Boolean)) {
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/gu)) if (m[0] !== '' || m.index! < line.length) out.push(m[1] ?? '');
  }
  return out.filter((c, i, a) => !(c === '' && i === a.length - 1));
}

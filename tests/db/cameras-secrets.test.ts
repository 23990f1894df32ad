// Camera credentials in every form they are given — `user:pass@` userinfo (main or sub URL),
// each credential query parameter in any case, the `;` parameters of ONVIF cameras, the
// username/password fields, CSV cells — are split off on save (cameras:save, cameras:import)
// into `camera_secrets` only: never in the journal's raw payloads, a channel reply for any role,
// the CSV export or a log line; and the video engine gets them back in the form they came in.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import type { Core } from '../../src-main/app/core';
import { CAMERA_CSV_HEADER } from '../../src-main/cameras/csv';
import { PASSWORD_PARAMS, TOKEN_PARAMS, USER_PARAMS } from '../../src-shared/text/redact';
import type { Camera } from '../../src-shared/domain/cameras';
import { FakeClock, PASSWORD as LOGIN_PASSWORD, callAs, stationCore, tmpDir } from '../helpers';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let logged: string[];
beforeEach(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 's.sqlite'), new FakeClock());
  await core.users.create({ login: 'head', fullName: 'Lê Văn Nam', roles: ['surveillance_head'], password: LOGIN_PASSWORD }, 'admin');
  logged = [];
  const keep = (...a: unknown[]) => void logged.push(a.map(String).join(' '));
  for (const m of ['error', 'warn', 'log', 'info'] as const) vi.spyOn(console, m).mockImplementation(keep);
});
afterEach(() => {
  vi.restoreAllMocks();
  core.close();
  t.cleanup();
});

const e = encodeURIComponent;
/** Every way a value may show up: as written, NFC/NFD, percent-encoded, URL-encoded. */
const formsOf = (v: string) => [...new Set([v, v.normalize('NFC'), v.normalize('NFD'), e(v), encodeURI(v), e(v.normalize('NFD'))])];
const leaksIn = (text: string, secrets: string[]) => secrets.flatMap(formsOf).filter((f) => text.includes(f));

interface Form {
  name: string;
  /** URL fields and credential fields of the camera form. */
  fields: (u: string, p: string) => { mainUrl: string; subUrl?: string | null; username?: string; password?: string };
  /** The URL ffmpeg must get for the main (or sub) stream. */
  full: (u: string, p: string) => string;
  stream?: 'main' | 'sub';
  /** Only a token: no account. */
  tokenOnly?: boolean;
}

const HOST = 'rtsp://10.0.0.5:554';
const flip = (s: string, i: number) => (i % 3 === 0 ? s : i % 3 === 1 ? s.toUpperCase() : s[0]!.toUpperCase() + s.slice(1));

const FORMS: Form[] = [
  { name: 'userinfo in the main URL', fields: (u, p) => ({ mainUrl: `rtsp://${e(u)}:${e(p)}@10.0.0.5:554/Streaming/101` }), full: (u, p) => `rtsp://${e(u)}:${e(p)}@10.0.0.5:554/Streaming/101` },
  {
    name: 'userinfo in the sub URL only',
    fields: (u, p) => ({ mainUrl: `${HOST}/Streaming/101`, subUrl: `rtsp://${e(u)}:${e(p)}@10.0.0.5:554/Streaming/102` }),
    full: (u, p) => `rtsp://${e(u)}:${e(p)}@10.0.0.5:554/Streaming/102`,
    stream: 'sub',
  },
  { name: 'username and password fields', fields: (u, p) => ({ mainUrl: `${HOST}/Streaming/101`, username: u, password: p }), full: (u, p) => `rtsp://${e(u)}:${e(p)}@10.0.0.5:554/Streaming/101` },
  {
    name: 'ONVIF ;-parameters',
    fields: (u, p) => ({ mainUrl: `${HOST}/onvif1;user=${e(u)};password=${e(p)};channel=1` }),
    full: (u, p) => `${HOST}/onvif1;user=${e(u)};password=${e(p)};channel=1`,
  },
  {
    name: 'userinfo account with a ?password= parameter',
    fields: (u, p) => ({ mainUrl: `rtsp://${e(u)}@10.0.0.5:554/live?password=${e(p)}` }),
    full: (u, p) => `${HOST}/live?password=${e(p)}`,
  },
  ...USER_PARAMS.map((n, i): Form => {
    const name = flip(n, i);
    return {
      name: `?${name}= with &pwd=`,
      fields: (u, p) => ({ mainUrl: `${HOST}/cam/realmonitor?channel=1&${name}=${e(u)}&subtype=0&pwd=${e(p)}` }),
      full: (u, p) => `${HOST}/cam/realmonitor?channel=1&${name}=${e(u)}&subtype=0&pwd=${e(p)}`,
    };
  }),
  ...PASSWORD_PARAMS.map((n, i): Form => {
    const name = flip(n, i + 1);
    return {
      name: `&${name}= with ?user=`,
      fields: (u, p) => ({ mainUrl: `${HOST}/live.sdp?user=${e(u)}&${name}=${e(p)}` }),
      full: (u, p) => `${HOST}/live.sdp?user=${e(u)}&${name}=${e(p)}`,
    };
  }),
  ...TOKEN_PARAMS.map((n, i): Form => {
    const name = flip(n, i + 2);
    return { name: `?${name}= alone`, fields: (_u, p) => ({ mainUrl: `${HOST}/live?${name}=${e(p)}&a=1` }), full: (_u, p) => `${HOST}/live?${name}=${e(p)}&a=1`, tokenOnly: true };
  }),
];

const base = (n: number) => ({
  number: n,
  name: `Camera ${n} — Cổng A`,
  siteType: 'road_border_gate',
  siteName: 'Cửa khẩu quốc tế Hữu Nghị',
  zone: 'entry_exit_lanes',
  unitCode: '15E1',
});
const userOf = (n: number) => `gs${n}.cong-a`;
// '@', '~', '!', a Vietnamese letter (percent-encoded in a URL), distinct per camera
const passOf = (n: number) => `Pw${n}@bí~mật!`;

/** Everything a client, an export or a log could see, for every role. */
async function everythingVisible(ids: string[]): Promise<string> {
  const out: unknown[] = [];
  for (const who of ['admin', 'head', 'officer', 'room', 'lead']) {
    out.push(await callAs(core, who, 'cameras:list', { includeInactive: true }));
    out.push(await callAs(core, who, 'cameras:tree', {}));
    out.push(await callAs(core, who, 'cameras:tree', { query: 'cong a' }));
    for (const id of ids) out.push(await callAs(core, who, 'cameras:get', { id }));
    out.push(await callAs(core, who, 'cameras:export', {}));
    out.push(await callAs(core, who, 'video:health', {}));
    out.push(await callAs(core, who, 'video:stats', {}));
  }
  out.push(core.cameras.exportCsv());
  return [JSON.stringify(out), (core.db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n'), logged.join('\n')].join('\n');
}

describe('camera credentials in every form', () => {
  it('cameras:save splits them off (admin and surveillance head), and streamUrl gives them back in their form', async () => {
    const replies: unknown[] = [];
    const saved: { form: Form; c: Camera; n: number }[] = [];
    for (const [i, form] of FORMS.entries()) {
      const n = i + 1;
      const r = await callAs(core, i % 2 ? 'head' : 'admin', 'cameras:save', { ...base(n), ...form.fields(userOf(n), passOf(n)) });
      expect(r, form.name).toMatchObject({ ok: true, value: { hasCredentials: true } });
      replies.push(r);
      saved.push({ form, c: (r as { value: Camera }).value, n });
    }
    for (const { form, c, n } of saved) {
      expect(core.cameras.streamUrl(c.id, form.stream ?? 'main'), form.name).toBe(form.full(userOf(n), passOf(n)));
      expect(c, form.name).not.toHaveProperty('username');
      const s = core.db.prepare('SELECT username, password FROM camera_secrets WHERE camera_id = ?').get(c.id);
      expect(s, form.name).toEqual({ username: form.tokenOnly ? '' : userOf(n), password: passOf(n) });
    }
    const secrets = saved.flatMap(({ form, n }) => (form.tokenOnly ? [passOf(n)] : [userOf(n), passOf(n)]));
    const visible = JSON.stringify(replies) + (await everythingVisible(saved.map((x) => x.c.id)));
    expect(leaksIn(visible, secrets)).toEqual([]);
    // the parameters keep their place, masked
    const onvif = saved.find((x) => x.form.name === 'ONVIF ;-parameters')!;
    expect(onvif.c.mainUrl).toBe(`${HOST}/onvif1;user=***;password=***;channel=1`);
  });

  it('cameras:import splits them off every CSV form, cells included', async () => {
    const rows = FORMS.map((form, i) => {
      const n = i + 1;
      const f = form.fields(userOf(n), passOf(n));
      const cells: Record<string, string> = {
        ...Object.fromEntries(CAMERA_CSV_HEADER.map((h) => [h, ''])),
        number: String(n),
        name: `Camera ${n} — Cổng A`,
        site_type: 'road_border_gate',
        site_name: 'Cửa khẩu quốc tế Hữu Nghị',
        zone: 'entry_exit_lanes',
        unit_code: '15E1',
        main_url: f.mainUrl,
        sub_url: f.subUrl ?? '',
        username: f.username ?? '',
        password: f.password ?? '',
        recognition: '0',
      };
      return CAMERA_CSV_HEADER.map((h) => cells[h]).join(',');
    });
    const r = await callAs(core, 'admin', 'cameras:import', { csv: [CAMERA_CSV_HEADER.join(','), ...rows].join('\n') });
    expect(r).toMatchObject({ ok: true, value: { registered: FORMS.length } });
    const ids: string[] = [];
    for (const [i, form] of FORMS.entries()) {
      const c = core.cameras.byNumber(i + 1)!;
      ids.push(c.id);
      expect(core.cameras.streamUrl(c.id, form.stream ?? 'main'), form.name).toBe(form.full(userOf(i + 1), passOf(i + 1)));
    }
    const secrets = FORMS.flatMap((form, i) => (form.tokenOnly ? [passOf(i + 1)] : [userOf(i + 1), passOf(i + 1)]));
    expect(leaksIn(JSON.stringify(r) + (await everythingVisible(ids)), secrets)).toEqual([]);
    // and the export imports back without touching the stored credentials
    const csv = core.cameras.exportCsv();
    const head = core.journal.head.seq;
    expect(core.cameras.importCsv(csv, 'admin')).toEqual({ registered: 0, updated: 0, unchanged: FORMS.length });
    expect(core.journal.head.seq).toBe(head);
    expect(core.cameras.streamUrl(ids[5]!, 'main')).toBe(FORMS[5]!.full(userOf(6), passOf(6)));
  });

  it('a masked parameter (***) saved back keeps the stored value; a new value replaces it', async () => {
    const c = (await callAs(core, 'admin', 'cameras:save', { ...base(1), mainUrl: `${HOST}/live?user=op&pwd=${e(passOf(1))}` })) as { ok: true; value: Camera };
    expect(c.value.mainUrl).toBe(`${HOST}/live?user=***&pwd=***`);
    const head = core.journal.head.seq;
    // the edit form sends back what it was shown
    const again = await callAs(core, 'admin', 'cameras:save', { ...base(1), id: c.value.id, mainUrl: c.value.mainUrl });
    expect(again).toMatchObject({ ok: true });
    expect(core.journal.head.seq).toBe(head);
    expect(core.cameras.streamUrl(c.value.id, 'main')).toBe(`${HOST}/live?user=op&pwd=${e(passOf(1))}`);
    await callAs(core, 'admin', 'cameras:save', { ...base(1), id: c.value.id, mainUrl: `${HOST}/live?user=***&pwd=moi-2026` });
    expect(core.cameras.streamUrl(c.value.id, 'main')).toBe(`${HOST}/live?user=op&pwd=moi-2026`);
    expect((core.db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n')).not.toContain('moi-2026');
  });

  it('refuses contradicting credentials with invalid_input and writes nothing', async () => {
    const head = core.journal.head.seq;
    const bad = [
      { mainUrl: `${HOST}/live?pwd=one-2026&password=two-2026`, field: 'mainUrl' },
      { mainUrl: `${HOST}/live?user=a1&username=b2&pwd=one-2026`, field: 'mainUrl' },
      { mainUrl: `rtsp://op:one-2026@10.0.0.5/live?pwd=two-2026`, field: 'mainUrl' },
      { mainUrl: `${HOST}/live?user=op&pwd=one-2026`, password: 'two-2026', field: 'password' },
      { mainUrl: `rtsp://op:one-2026@10.0.0.5/a`, subUrl: `rtsp://op:two-2026@10.0.0.5/b`, field: 'subUrl' },
      { mainUrl: `rtsp://:one-2026@10.0.0.5/a`, field: 'mainUrl' },
      // *** means "the stored one": there is none
      { mainUrl: `${HOST}/live?user=***&pwd=***`, field: 'mainUrl' },
      { mainUrl: `${HOST}/a`, subUrl: `${HOST}/b;password=***`, field: 'subUrl' },
    ];
    const replies: unknown[] = [];
    for (const { field, ...b } of bad) {
      const r = await callAs(core, 'admin', 'cameras:save', { ...base(1), ...b });
      expect(r, b.mainUrl).toMatchObject({ ok: false, error: { code: 'invalid_input', field } });
      replies.push(r);
    }
    expect(core.journal.head.seq).toBe(head);
    expect(core.db.prepare('SELECT COUNT(*) FROM camera_secrets').pluck().get()).toBe(0);
    // clearing the credentials of a camera whose URL still asks for them is refused too
    const c = (await callAs(core, 'admin', 'cameras:save', { ...base(1), mainUrl: `${HOST}/live?user=op&pwd=one-2026` })) as { ok: true; value: Camera };
    const before = core.journal.head.seq;
    expect(await callAs(core, 'admin', 'cameras:save', { ...base(1), id: c.value.id, mainUrl: c.value.mainUrl, username: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'mainUrl' },
    });
    expect(core.journal.head.seq).toBe(before);
    expect(core.cameras.streamUrl(c.value.id, 'main')).toBe(`${HOST}/live?user=op&pwd=one-2026`);
    expect(leaksIn(JSON.stringify(replies) + logged.join('\n'), ['one-2026', 'two-2026'])).toEqual([]);
  });
});

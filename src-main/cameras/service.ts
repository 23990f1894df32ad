import { randomUUID } from 'node:crypto';
import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import { on, projector } from '../journal/events';
import { CAMERA_DEACTIVATED_EVENT, CAMERA_REGISTERED_EVENT, CAMERA_UPDATED_EVENT } from './events';
import type { OrgCatalog } from '../org/catalog';
import { AppError } from '../../src-shared/errors';
import { foldVi } from '../../src-shared/text/fold';
import { calendarDayVn } from '../../src-shared/time/shift';
import { CREDENTIAL_PARAM_RE, MASK, credentialParamKind, redact } from '../../src-shared/text/redact';
import type { CredentialKind } from '../../src-shared/text/redact';
import { CAMERA_HEALTH_STATES, SITE_TYPES, ZONES_BY_SITE, zoneOf } from '../../src-shared/domain/cameras';
import type {
  Camera,
  CameraHealth,
  CameraImportResult,
  CameraTreeItem,
  CameraTreeSite,
  CameraTreeUnit,
  CameraTreeZone,
  HealthCounts,
  SiteType,
} from '../../src-shared/domain/cameras';
import { CSV_COLUMN_OF, parseCameraCsv, toCameraCsv } from './csv';
import { CAMERA_FIELD_COLUMNS } from './columns';

export const CAMERA_REGISTERED = CAMERA_REGISTERED_EVENT.type;
export const CAMERA_UPDATED = CAMERA_UPDATED_EVENT.type;
export const CAMERA_DEACTIVATED = CAMERA_DEACTIVATED_EVENT.type;

const MAX_URL = 2048;

/** The journaled (public) fields of a camera: everything but its credentials and bookkeeping. */
export type CameraFields = Omit<Camera, 'id' | 'hasCredentials' | 'active' | 'updatedAt'>;

/**
 * What a form or a CSV row gives. URLs may carry `user:pass@` (split off into the local
 * secrets). `username`/`password` undefined = keep what is stored; `username: ''` = remove the
 * credentials; a username without a password keeps the stored password.
 */
export interface CameraInput {
  number: number;
  name: string;
  siteType: SiteType;
  siteName: string;
  zone: string;
  unitCode: string;
  mainUrl: string;
  subUrl?: string | null | undefined;
  username?: string | undefined;
  password?: string | undefined;
  mapNote?: string | undefined;
  neighbours?: number[] | undefined;
  recognition?: boolean | undefined;
  /** Only for updates: true reactivates a deactivated camera. */
  active?: boolean | undefined;
}

type CredsChange =
  | { kind: 'keep' }
  | { kind: 'clear' }
  /** `tokenOnly`: a URL token parameter with no account (stored with an empty username). */
  | { kind: 'set'; username: string; password: string | undefined; tokenOnly?: boolean };

interface Prepared {
  fields: CameraFields;
  creds: CredsChange;
  active: boolean | undefined;
}

interface CameraRow {
  camera_id: string;
  number: number;
  name: string;
  site_type: string;
  site_name: string;
  zone: string;
  unit_code: string;
  main_url: string;
  sub_url: string | null;
  map_note: string;
  neighbours: string;
  recognition: number;
  active: number;
  updated_at: number;
  username: string | null;
}

const toCamera = (r: CameraRow): Camera => ({
  id: r.camera_id,
  number: r.number,
  name: r.name,
  siteType: r.site_type as SiteType,
  siteName: r.site_name,
  zone: r.zone,
  unitCode: r.unit_code,
  mainUrl: r.main_url,
  subUrl: r.sub_url,
  hasCredentials: r.username !== null,
  mapNote: r.map_note,
  neighbours: JSON.parse(r.neighbours) as number[],
  recognition: r.recognition === 1,
  active: r.active === 1,
  updatedAt: r.updated_at,
});

const fieldsOf = (c: Camera): CameraFields => ({
  number: c.number,
  name: c.name,
  siteType: c.siteType,
  siteName: c.siteName,
  zone: c.zone,
  unitCode: c.unitCode,
  mainUrl: c.mainUrl,
  subUrl: c.subUrl,
  mapNote: c.mapNote,
  neighbours: c.neighbours,
  recognition: c.recognition,
});

const SELECT = `SELECT c.*, s.username FROM cameras c LEFT JOIN camera_secrets s ON s.camera_id = c.camera_id`;

/** Projection column of each journaled field (a whitelist: event payloads never name SQL; no credentials). */
const { username: _username, password: _password, ...columns } = CAMERA_FIELD_COLUMNS;
const COLUMNS: Record<keyof CameraFields | 'active', string> = columns;

const toSql = (key: string, v: unknown): unknown => (key === 'neighbours' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** Camera events → the `cameras` table. Credentials never pass through here. */
export function camerasProjector(db: DB) {
  const ins = db.prepare(
    `INSERT INTO cameras (camera_id, number, name, site_type, site_name, zone, unit_code, main_url, sub_url, map_note, neighbours, recognition, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const deactivate = db.prepare('UPDATE cameras SET active = 0, updated_at = ? WHERE camera_id = ?');
  return projector(
    on(CAMERA_REGISTERED_EVENT, (p, ev) => {
      ins.run(
        p.cameraId,
        p.number,
        p.name,
        p.siteType,
        p.siteName,
        p.zone,
        p.unitCode,
        p.mainUrl,
        p.subUrl,
        p.mapNote,
        JSON.stringify(p.neighbours),
        p.recognition ? 1 : 0,
        ev.recordedAt,
        ev.recordedAt,
      );
    }),
    on(CAMERA_UPDATED_EVENT, (p, ev) => {
      const sets: string[] = ['updated_at = ?'];
      const values: unknown[] = [ev.recordedAt];
      for (const [k, v] of Object.entries(p.changes)) {
        const col = COLUMNS[k as keyof typeof COLUMNS];
        if (!col) continue;
        sets.push(`${col} = ?`);
        values.push(toSql(k, v));
      }
      db.prepare(`UPDATE cameras SET ${sets.join(', ')} WHERE camera_id = ?`).run(...values, p.cameraId);
    }),
    on(CAMERA_DEACTIVATED_EVENT, (p, ev) => {
      deactivate.run(ev.recordedAt, p.cameraId);
    }),
  );
}

/** A stream URL with its credentials split off (see parseStreamUrl). */
export interface ParsedStreamUrl {
  /** The URL without userinfo; credential parameters keep their place with the value `***`. */
  url: string;
  /** The account ('' when the URL names none), decoded. */
  username: string;
  /** The password or token ('' when none), decoded. */
  password: string;
  /** True when the URL carries credential parameters (filled in again by streamUrl). */
  params: boolean;
  /** True when one of them names the account (`?user=`…), even as `***`. */
  userParam: boolean;
}

const decodePart = (x: string) => {
  try {
    return decodeURIComponent(x);
  } catch {
    return x;
  }
};

/**
 * Parses a stream URL: rtsp: or rtsps:, with a host. Credentials embedded in it — the
 * `user:pass@` userinfo and every credential query or `;` parameter (`?user=`, `&pwd=`,
 * `;password=`, `?token=`… src-shared/text/redact.ts, any case) — are split off (returned
 * decoded): the userinfo is removed, a parameter keeps its name and place with the value `***`
 * (so the camera still gets it in the same form). A parameter written `***` means "the stored
 * one". One URL carries at most one account and one password/token.
 */
export function parseStreamUrl(raw: string, field: string): ParsedStreamUrl {
  const s = raw.trim();
  if (s.length > MAX_URL) throw new AppError('invalid_camera_url', `URL longer than ${MAX_URL} characters`, { field });
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new AppError('invalid_camera_url', 'not an RTSP URL', { field });
  }
  if (u.protocol !== 'rtsp:' && u.protocol !== 'rtsps:') {
    throw new AppError('invalid_camera_url', `not an RTSP URL (scheme ${u.protocol.replace(/:$/, '')}; expected rtsp or rtsps)`, { field });
  }
  if (!u.hostname) throw new AppError('invalid_camera_url', 'not an RTSP URL (no host)', { field });
  const found: Record<CredentialKind, Set<string>> = { user: new Set(), password: new Set() };
  if (u.username) found.user.add(decodePart(u.username));
  if (u.password) found.password.add(decodePart(u.password));
  u.username = '';
  u.password = '';
  let params = false;
  let userParam = false;
  const url = u.href.replace(CREDENTIAL_PARAM_RE, (_m, head: string, name: string, value: string) => {
    params = true;
    const kind = credentialParamKind(name)!;
    if (kind === 'user') userParam = true;
    if (value && value !== MASK) found[kind].add(decodePart(value));
    return `${head}${MASK}`;
  });
  if (found.user.size > 1) throw new AppError('invalid_input', 'the URL names more than one account', { field });
  if (found.password.size > 1) throw new AppError('invalid_input', 'the URL carries more than one password or token', { field });
  return { url, username: [...found.user][0] ?? '', password: [...found.password][0] ?? '', params, userParam };
}

/** The public URL with the stored credentials put back: into its `***` parameters, else as userinfo. */
function withCredentials(publicUrl: string, secret: { username: string; password: string } | undefined): string {
  let params = false;
  const filled = publicUrl.replace(CREDENTIAL_PARAM_RE, (m, head: string, name: string, value: string) => {
    if (value !== MASK) return m;
    params = true;
    const v = credentialParamKind(name) === 'user' ? secret?.username : secret?.password;
    return `${head}${encodeURIComponent(v ?? '')}`;
  });
  if (params || !secret?.username) return filled;
  const u = new URL(filled);
  u.username = secret.username;
  u.password = secret.password;
  return u.href;
}

const emptyCounts = (): HealthCounts => Object.fromEntries([...CAMERA_HEALTH_STATES, 'unknown'].map((k) => [k, 0])) as HealthCounts;
const addCount = (c: HealthCounts, h: CameraHealth | null) => {
  c[h ? h.state : 'unknown'] += 1;
};

/**
 * The camera registry (docs/regulation.md §7, Đ14). Public camera data is journaled (it syncs to HQ); stream
 * credentials live only in `camera_secrets`, written in the same transaction, and leave this
 * class only through `streamUrl` (for the video engine, in the main process).
 */
export class CameraRegistry {
  private healthOf: (cameraId: string) => CameraHealth | null = () => null;

  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
    private readonly org: OrgCatalog,
  ) {}

  /** The video engine plugs its health table in here; until then every camera shows as unknown. */
  setHealthSource(fn: (cameraId: string) => CameraHealth | null): void {
    this.healthOf = fn;
  }

  /** Today's calendar date in Vietnam (UTC+7), which decides unit validity. */
  private today(): string {
    return calendarDayVn(this.journal.now());
  }

  list(opts: { includeInactive?: boolean } = {}): Camera[] {
    const rows = this.db.prepare(`${SELECT} ${opts.includeInactive ? '' : 'WHERE c.active = 1'} ORDER BY c.number`).all() as CameraRow[];
    return rows.map(toCamera);
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM cameras').pluck().get() as number;
  }

  /** A registered camera, or `unknown_camera` on `field`. */
  require(id: string, field: string): Camera {
    const c = this.get(id);
    if (!c) throw new AppError('unknown_camera', `camera ${id} is not registered`, { field });
    return c;
  }

  get(id: string): Camera | null {
    const r = this.db.prepare(`${SELECT} WHERE c.camera_id = ?`).get(id) as CameraRow | undefined;
    return r ? toCamera(r) : null;
  }

  byNumber(n: number): Camera | null {
    const r = this.db.prepare(`${SELECT} WHERE c.number = ?`).get(n) as CameraRow | undefined;
    return r ? toCamera(r) : null;
  }

  /** Validates and normalises one camera (unit, zone, URLs, credentials); not uniqueness or neighbours. */
  private prepare(i: CameraInput): Prepared {
    if (!Number.isSafeInteger(i.number) || i.number <= 0) {
      throw new AppError('invalid_input', 'camera number must be a positive whole number', { field: 'number' });
    }
    const name = i.name.normalize('NFC').trim();
    if (!name) throw new AppError('invalid_input', 'name is required', { field: 'name' });
    if (!(SITE_TYPES as readonly string[]).includes(i.siteType)) {
      throw new AppError('invalid_input', `site type must be one of ${SITE_TYPES.join(', ')}`, { field: 'siteType' });
    }
    const siteName = i.siteName.normalize('NFC').trim();
    if (!siteName) throw new AppError('invalid_input', 'site name is required', { field: 'siteName' });
    if (!zoneOf(i.siteType, i.zone)) {
      throw new AppError('invalid_input', `zone ${i.zone} is not a zone of a ${i.siteType} (expected one of ${ZONES_BY_SITE[i.siteType].map((z) => z.id).join(', ')})`, {
        field: 'zone',
        params: { zone: i.zone },
      });
    }
    const unitCode = i.unitCode.trim().toUpperCase();
    const day = this.today();
    if (!this.org.lookup(unitCode, day)) {
      throw new AppError('unknown_unit', `customs unit ${unitCode} does not exist on ${day}`, { field: 'unitCode', params: { unitCode, date: day } });
    }
    const main = parseStreamUrl(i.mainUrl, 'mainUrl');
    const sub = i.subUrl && i.subUrl.trim() ? parseStreamUrl(i.subUrl, 'subUrl') : null;
    for (const k of ['username', 'password'] as const) {
      if (sub && sub[k] && main[k] && sub[k] !== main[k]) {
        throw new AppError('invalid_input', 'main and sub stream URLs carry different credentials', { field: 'subUrl' });
      }
    }
    const urlUser = main.username || sub?.username || '';
    const urlPassword = main.password || sub?.password || '';
    const urlField = main.username || main.password ? 'mainUrl' : 'subUrl';
    let creds: CredsChange = { kind: 'keep' };
    if (urlUser || urlPassword) {
      if (i.username && urlUser && i.username !== urlUser) {
        throw new AppError('invalid_input', 'the username differs from the one in the stream URL', { field: 'username' });
      }
      if (i.password && urlPassword && i.password !== urlPassword) {
        throw new AppError('invalid_input', 'the password differs from the one in the stream URL', { field: 'password' });
      }
      const username = urlUser || i.username?.trim() || '';
      // a token parameter (`?token=…`) may stand alone; a userinfo password needs its user
      const tokenOnly = !username && (main.params || !!sub?.params) && !main.userParam && !sub?.userParam;
      // `?user=***`: the stored account stays
      const keepUser = !username && (main.userParam || !!sub?.userParam);
      if (!username && !tokenOnly && !keepUser) throw new AppError('invalid_input', 'the URL carries a password without a username', { field: urlField });
      creds = { kind: 'set', username, password: urlPassword || i.password || undefined, tokenOnly };
    } else if (i.username !== undefined) {
      const username = i.username.trim();
      if (!username) {
        if (i.password) throw new AppError('invalid_input', 'a password needs a username', { field: 'username' });
        creds = { kind: 'clear' };
      } else creds = { kind: 'set', username, password: i.password || undefined };
    } else if (i.password) {
      creds = { kind: 'set', username: '', password: i.password };
    }
    const neighbours = [...new Set(i.neighbours ?? [])];
    for (const n of neighbours) {
      if (!Number.isSafeInteger(n) || n <= 0) throw new AppError('invalid_input', `neighbour ${n} is not a camera number`, { field: 'neighbours' });
      if (n === i.number) throw new AppError('invalid_input', 'a camera cannot be its own neighbour', { field: 'neighbours' });
    }
    return {
      fields: {
        number: i.number,
        name,
        siteType: i.siteType,
        siteName,
        zone: i.zone,
        unitCode,
        mainUrl: main.url,
        subUrl: sub ? sub.url : null,
        mapNote: (i.mapNote ?? '').normalize('NFC').trim(),
        neighbours: neighbours.sort((a, b) => a - b),
        recognition: i.recognition ?? false,
      },
      creds,
      active: i.active,
    };
  }

  private assertNeighbours(fields: CameraFields, known: (n: number) => boolean): void {
    for (const n of fields.neighbours) {
      if (!known(n)) {
        throw new AppError('unknown_camera', `neighbour camera ${n} is not registered`, { field: 'neighbours', params: { number: n } });
      }
    }
  }

  /** Applies a credentials change; returns true when something changed. Call inside journal.tx. */
  private applyCreds(cameraId: string, c: CredsChange): boolean {
    const cur = this.db.prepare('SELECT username, password FROM camera_secrets WHERE camera_id = ?').get(cameraId) as
      | { username: string; password: string }
      | undefined;
    if (c.kind === 'keep') return false;
    if (c.kind === 'clear') {
      if (!cur) return false;
      this.db.prepare('DELETE FROM camera_secrets WHERE camera_id = ?').run(cameraId);
      return true;
    }
    const username = c.username || (c.tokenOnly ? '' : cur?.username) || '';
    if (!username && !c.tokenOnly) throw new AppError('invalid_input', 'a password needs a username', { field: 'username' });
    const password = c.password ?? cur?.password ?? '';
    if (cur && cur.username === username && cur.password === password) return false;
    this.db
      .prepare(
        `INSERT INTO camera_secrets (camera_id, username, password, changed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (camera_id) DO UPDATE SET username = excluded.username, password = excluded.password, changed_at = excluded.changed_at`,
      )
      .run(cameraId, username, password, this.journal.now());
    return true;
  }

  /** Registers (within a transaction the caller holds). */
  private registerInTx(p: Prepared, actor: string): string {
    if (this.byNumber(p.fields.number)) {
      throw new AppError('conflict', `camera number ${p.fields.number} is already registered`, { field: 'number', params: { number: p.fields.number } });
    }
    const cameraId = randomUUID();
    this.journal.appendInTx({ type: CAMERA_REGISTERED, actor, payload: { cameraId, ...p.fields } });
    this.applyCreds(cameraId, p.creds);
    this.assertPlaceholdersFilled(cameraId, p.fields);
    return cameraId;
  }

  /** A URL whose credential parameters say `***` needs stored credentials to fill them in. */
  private assertPlaceholdersFilled(cameraId: string, fields: CameraFields): void {
    const masked = (url: string | null) => !!url && [...url.matchAll(CREDENTIAL_PARAM_RE)].some((m) => m[3] === MASK);
    const field = masked(fields.mainUrl) ? 'mainUrl' : masked(fields.subUrl) ? 'subUrl' : null;
    if (!field) return;
    if (this.db.prepare('SELECT 1 FROM camera_secrets WHERE camera_id = ?').get(cameraId)) return;
    throw new AppError('invalid_input', 'the stream URL has credential parameters (***) but no credentials are stored: write them into the URL or the username/password fields', {
      field,
    });
  }

  /** Updates (within a transaction the caller holds); returns whether anything changed. */
  private updateInTx(cur: Camera, p: Prepared, actor: string): boolean {
    const before = fieldsOf(cur);
    const changes: Partial<CameraFields & { active: boolean }> = {};
    for (const k of Object.keys(p.fields) as (keyof CameraFields)[]) {
      if (JSON.stringify(p.fields[k]) !== JSON.stringify(before[k])) (changes as Record<string, unknown>)[k] = p.fields[k];
    }
    if (p.active === true && !cur.active) changes.active = true;
    if (changes.number !== undefined) {
      const other = this.byNumber(changes.number);
      if (other) throw new AppError('conflict', `camera number ${changes.number} is already registered`, { field: 'number', params: { number: changes.number } });
      const referring = this.list({ includeInactive: true }).filter((c) => c.neighbours.includes(cur.number)).map((c) => c.number);
      if (referring.length > 0) {
        throw new AppError('conflict', `camera ${cur.number} is a neighbour of cameras ${referring.join(', ')}; change their neighbours before renumbering it`, {
          field: 'number',
          params: { number: cur.number },
        });
      }
    }
    const credsChanged = this.applyCreds(cur.id, p.creds);
    this.assertPlaceholdersFilled(cur.id, p.fields);
    if (Object.keys(changes).length === 0 && !credsChanged) return false;
    this.journal.appendInTx({ type: CAMERA_UPDATED, actor, payload: { cameraId: cur.id, changes, credentialsChanged: credsChanged } });
    return true;
  }

  register(input: CameraInput, actor: string): Camera {
    const p = this.prepare(input);
    const id = this.journal.tx(() => {
      this.assertNeighbours(p.fields, (n) => this.byNumber(n) !== null);
      return this.registerInTx(p, actor);
    });
    return this.get(id)!;
  }

  update(id: string, input: CameraInput, actor: string): Camera {
    const p = this.prepare(input);
    this.journal.tx(() => {
      const cur = this.get(id);
      if (!cur) throw new AppError('unknown_camera', `camera ${id} is not registered`, { field: 'id' });
      this.assertNeighbours(p.fields, (n) => this.byNumber(n) !== null);
      this.updateInTx(cur, p, actor);
    });
    return this.get(id)!;
  }

  /** Create (no id) or update (id) — the form's one operation. */
  save(input: CameraInput & { id?: string | undefined }, actor: string): Camera {
    const { id, ...rest } = input;
    return id ? this.update(id, rest, actor) : this.register(rest, actor);
  }

  deactivate(id: string, actor: string, reason = ''): Camera {
    this.journal.tx(() => {
      const cur = this.get(id);
      if (!cur) throw new AppError('unknown_camera', `camera ${id} is not registered`, { field: 'id' });
      if (cur.active) this.journal.appendInTx({ type: CAMERA_DEACTIVATED, actor, payload: { cameraId: id, number: cur.number, reason } });
    });
    return this.get(id)!;
  }

  /**
   * Imports a camera CSV: all rows or none, in one transaction. Existing numbers are updated,
   * new ones registered; neighbours may refer forward within the file. Errors name the line
   * and column ("CSV line 7, column main_url: not an RTSP URL").
   */
  importCsv(text: string, actor: string): CameraImportResult {
    return this.importRows(parseCameraCsv(text), actor);
  }

  /** Imports rows already parsed by parseCameraCsv (the app parses in a worker thread). */
  importRows(rows: { line: number; input: CameraInput }[], actor: string): CameraImportResult {
    const at = (line: number, e: unknown): never => {
      if (!(e instanceof AppError)) throw e;
      const column = CSV_COLUMN_OF[e.field ?? ''] ?? e.field ?? '?';
      throw new AppError(e.code, `CSV line ${line}, column ${column}: ${e.message}`, { params: { ...(e.params ?? {}), line, column } });
    };
    const prepared: { line: number; p: Prepared }[] = [];
    const seen = new Map<number, number>();
    for (const { line, input } of rows) {
      let p: Prepared;
      try {
        p = this.prepare(input);
      } catch (e) {
        return at(line, e);
      }
      const first = seen.get(p.fields.number);
      if (first !== undefined) {
        at(line, new AppError('conflict', `camera number ${p.fields.number} already appears on line ${first}`, { field: 'number', params: { number: p.fields.number } }));
      }
      seen.set(p.fields.number, line);
      prepared.push({ line, p });
    }
    const result: CameraImportResult = { registered: 0, updated: 0, unchanged: 0 };
    this.journal.tx(() => {
      for (const { line, p } of prepared) {
        try {
          this.assertNeighbours(p.fields, (n) => seen.has(n) || this.byNumber(n) !== null);
          const cur = this.byNumber(p.fields.number);
          if (!cur) {
            this.registerInTx(p, actor);
            result.registered += 1;
          } else if (this.updateInTx(cur, p, actor)) result.updated += 1;
          else result.unchanged += 1;
        } catch (e) {
          at(line, e);
        }
      }
    });
    return result;
  }

  /** Every camera as CSV (the import format). Passwords are never written: the column stays empty. */
  /** cameras:export: every camera as CSV, named by today's date. */
  exportFile(): { fileName: string; mime: 'text/csv'; csv: string; rows: number } {
    const csv = this.exportCsv();
    return { fileName: `cameras-${this.today()}.csv`, mime: 'text/csv', csv, rows: this.count() };
  }

  exportCsv(): string {
    return toCameraCsv(this.list({ includeInactive: true }));
  }

  /**
   * Cameras grouped unit → site → zone (active cameras only), filtered by a diacritic-insensitive
   * query over number, name, site, zone, unit code and unit name. Unit names come from the
   * organisation catalog today (old codes follow their successor).
   */
  tree(query?: string): CameraTreeUnit[] {
    const q = query ? foldVi(query) : '';
    const day = this.today();
    const units = new Map<string, CameraTreeUnit>();
    for (const c of this.list()) {
      const unit = this.org.lookup(c.unitCode, day);
      const unitCode = unit?.code ?? c.unitCode;
      const zone = zoneOf(c.siteType, c.zone);
      const label = zone ? { vi: zone.vi, en: zone.en } : { vi: c.zone, en: c.zone };
      if (q) {
        const hay = foldVi([String(c.number), c.name, c.siteName, label.vi, label.en, c.unitCode, unitCode, unit?.name ?? '', unit?.shortName ?? ''].join(' \u0001 '));
        if (!hay.includes(q)) continue;
      }
      const health = this.healthOf(c.id);
      let u = units.get(unitCode);
      if (!u) {
        u = { unitCode, unitName: unit?.name ?? unitCode, unitShortName: unit?.shortName ?? unitCode, counts: emptyCounts(), sites: [] };
        units.set(unitCode, u);
      }
      let s: CameraTreeSite | undefined = u.sites.find((x) => x.siteName === c.siteName && x.siteType === c.siteType);
      if (!s) {
        s = { siteType: c.siteType, siteName: c.siteName, counts: emptyCounts(), zones: [] };
        u.sites.push(s);
      }
      let z: CameraTreeZone | undefined = s.zones.find((x) => x.zone === c.zone);
      if (!z) {
        z = { zone: c.zone, label, counts: emptyCounts(), cameras: [] };
        s.zones.push(z);
      }
      const item: CameraTreeItem = { ...c, health };
      z.cameras.push(item);
      for (const n of [u.counts, s.counts, z.counts]) addCount(n, health);
    }
    const order = (t: SiteType, zone: string) => {
      const i = ZONES_BY_SITE[t].findIndex((x) => x.id === zone);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const out = [...units.values()].sort((a, b) => a.unitCode.localeCompare(b.unitCode));
    for (const u of out) {
      u.sites.sort((a, b) => a.siteName.localeCompare(b.siteName, 'vi') || a.siteType.localeCompare(b.siteType));
      for (const s of u.sites) s.zones.sort((a, b) => order(s.siteType, a.zone) - order(s.siteType, b.zone));
    }
    return out;
  }

  /**
   * The full stream URL WITH credentials, for the video engine only (main process; never
   * returned through a channel, never logged — pass log text through `redact`). The sub stream
   * falls back to the main stream when the camera has none. Null for an unknown camera.
   */
  streamUrl(cameraId: string, stream: 'main' | 'sub'): string | null {
    const r = this.db.prepare('SELECT main_url, sub_url FROM cameras WHERE camera_id = ?').get(cameraId) as
      | { main_url: string; sub_url: string | null }
      | undefined;
    if (!r) return null;
    const s = this.db.prepare('SELECT username, password FROM camera_secrets WHERE camera_id = ?').get(cameraId) as
      | { username: string; password: string }
      | undefined;
    return withCredentials(stream === 'sub' && r.sub_url ? r.sub_url : r.main_url, s);
  }

  /**
   * `redact` (src-shared/text/redact.ts) with every stored camera password and username as a
   * known secret (ffmpeg may print a decoded URL, or the password alone).
   */
  redact(text: string): string {
    const rows = this.db.prepare('SELECT username, password FROM camera_secrets').all() as { username: string; password: string }[];
    return redact(text, { secrets: rows.flatMap((r) => [r.password, r.username]) });
  }
}

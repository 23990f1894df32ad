import type { Channel, OutputOf, ParsedInputOf, AppStatus } from '../../src-shared/contract';
import type { User } from '../../src-shared/domain/org';
import { AppError } from '../../src-shared/errors';
import { zoneOf } from '../../src-shared/domain/cameras';
import type { Core } from '../app/core';
import type { CallContext } from './types';
import { exportLogbook } from '../logbook/export-file';
import { APP_VERSION } from '../app/version';

export interface Session {
  id: string;
  userId: string | null;
  locked: boolean;
  lastActive: number;
}

export interface HandlerCtx {
  core: Core;
  session: Session;
  user: User | null;
  ctx: CallContext;
}

type Handlers = { [K in Channel]: (input: ParsedInputOf<K>, h: HandlerCtx) => OutputOf<K> | Promise<OutputOf<K>> };

const actor = (h: HandlerCtx): string => {
  if (!h.user) throw new AppError('not_authenticated', 'sign in first');
  return h.user.login;
};

const today = (h: HandlerCtx) => new Date(h.core.clock.now() + 7 * 3600_000).toISOString().slice(0, 10);

function status(h: HandlerCtx): AppStatus {
  const station = h.core.station.get();
  const user = h.session.userId ? h.core.users.byId(h.session.userId) : null;
  return {
    setupDone: station !== null,
    station,
    session: user ? { user, locked: h.session.locked } : null,
    version: APP_VERSION,
    now: h.core.clock.now(),
  };
}

export const handlers: Handlers = {
  'app:status': (_i, h) => status(h),

  'setup:station': async (i, h) => {
    await h.core.setupStation(
      { code: i.code, name: i.name, kind: i.kind, place: i.place, parentBody: i.parentBody },
      { login: i.admin.login, fullName: i.admin.fullName, password: i.admin.password },
    );
    const admin = h.core.users.byLogin(i.admin.login)!;
    h.session.userId = admin.id;
    h.session.locked = false;
    h.session.lastActive = h.core.clock.now();
    return status(h);
  },

  'station:update': (i, h) => h.core.station.update(i, actor(h)),

  'auth:login': async (i, h) => {
    const user = await h.core.users.authenticate(i.login, i.password);
    h.session.userId = user.id;
    h.session.locked = false;
    h.session.lastActive = h.core.clock.now();
    return { user, locked: false };
  },

  'auth:logout': (_i, h) => {
    h.session.userId = null;
    h.session.locked = false;
    return { ok: true as const };
  },

  'auth:lock': (_i, h) => {
    h.session.locked = true;
    return { user: h.user!, locked: true };
  },

  'auth:unlock': async (i, h) => {
    if (!h.session.userId) throw new AppError('not_authenticated', 'sign in first');
    const user = h.core.users.byId(h.session.userId);
    if (!user) throw new AppError('not_authenticated', 'sign in first');
    await h.core.users.authenticate(user.login, i.password);
    h.session.locked = false;
    h.session.lastActive = h.core.clock.now();
    return { user, locked: false };
  },

  'users:list': (_i, h) => h.core.users.list(),
  'users:create': (i, h) => h.core.users.create(i, actor(h)),
  'users:update': (i, h) => {
    const { id, ...changes } = i;
    if (id === h.user?.id && changes.active === false) {
      throw new AppError('invalid_input', 'you cannot deactivate your own account', { field: 'active' });
    }
    return h.core.users.update(id, changes, actor(h));
  },
  'users:changePassword': async (i, h) => {
    const me = h.user!;
    await h.core.users.authenticate(me.login, i.current);
    await h.core.users.update(me.id, { password: i.next }, me.login);
    return { ok: true as const };
  },

  'org:list': (i, h) => h.core.org.list(i.at ?? today(h), i.query),
  'org:lookup': (i, h) => h.core.org.lookup(i.code, i.at ?? today(h)),
  'org:import': (i, h) => ({ imported: h.core.org.importCsv(i.csv, actor(h)) }),

  'shift:current': (_i, h) => h.core.shifts.current(),
  'roster:get': (i, h) => h.core.shifts.roster(i.shiftDate),
  'roster:set': (i, h) => {
    for (const m of i.members) {
      if (m.userId && !h.core.users.byId(m.userId)) throw new AppError('not_found', `user ${m.userId} not found`, { field: 'members' });
    }
    return h.core.shifts.setRoster(i.shiftDate, i.members, actor(h));
  },
  'rota:get': (_i, h) => h.core.shifts.rota(),
  'rota:set': (i, h) => {
    const at = today(h);
    for (const d of i.days) {
      for (const c of d.unitCodes) {
        if (!h.core.org.lookup(c, at)) throw new AppError('unknown_unit', `customs unit ${c} does not exist on ${at}`, { field: 'unitCodes', params: { unitCode: c, date: at } });
      }
    }
    return h.core.shifts.setRota(i.days, actor(h));
  },

  'logbook:add': (i, h) => h.core.logbook.add(i, actor(h)),
  'logbook:amend': (i, h) => h.core.logbook.amend(i, actor(h)),
  'logbook:get': (i, h) => ({ entry: h.core.logbook.get(i.entryId), history: h.core.logbook.history(i.entryId) }),
  'logbook:list': (i, h) => {
    const { limit, beforeSeq, ...filter } = i;
    return h.core.logbook.list(filter, limit, beforeSeq);
  },
  'logbook:search': (i, h) => {
    const { query, limit, ...filter } = i;
    return h.core.logbook.search(query, filter, limit);
  },
  'logbook:open': (i, h) => h.core.logbook.openItems(i.limit),
  'logbook:export': async (i, h) => {
    if (i.from > i.to) throw new AppError('invalid_date', 'from is after to', { field: 'from' });
    const r = await exportLogbook(h.core, i.from, i.to, i.format);
    return { fileName: r.fileName, mime: r.mime, base64: r.data.toString('base64'), rows: r.rows };
  },

  'attachments:put': (i, h) => {
    const data = Buffer.from(i.base64, 'base64');
    if (data.length === 0) throw new AppError('invalid_input', 'empty attachment', { field: 'base64' });
    const ref = h.core.attachments.put(data, i.name, i.mime);
    return { sha256: ref.sha256, size: ref.size };
  },

  'video:endpoint': (_i, h) => {
    if (!h.core.endpoint) throw new AppError('video_unavailable', 'the video endpoint is not running');
    return { url: `${h.core.endpoint.url.replace(/^http/, 'ws')}/video`, token: h.core.endpoint.token };
  },
  'video:health': (_i, h) => h.core.video.healthAll(),
  'video:stats': (_i, h) => h.core.video.stats() as unknown as OutputOf<'video:stats'>,
  'video:snapshot': async (i, h) => {
    const cam = h.core.cameras.get(i.cameraId);
    if (!cam) throw new AppError('unknown_camera', `camera ${i.cameraId} is not registered`, { field: 'cameraId' });
    const shot = await h.core.video.snapshot(cam.id);
    const ref = h.core.attachments.put(shot.data, `camera-${cam.number}-${shot.at}.png`, shot.mime);
    return {
      sha256: ref.sha256,
      width: shot.width,
      height: shot.height,
      at: shot.at,
      cameraId: cam.id,
      cameraNumber: cam.number,
      cameraName: cam.name,
      place: [cam.siteName, zoneOf(cam.siteType, cam.zone)?.vi ?? cam.zone].filter(Boolean).join(' — '),
    };
  },
  'video:clip': (i, h) => {
    const cam = h.core.cameras.get(i.cameraId);
    if (!cam) throw new AppError('unknown_camera', `camera ${i.cameraId} is not registered`, { field: 'cameraId' });
    const data = h.core.video.clip(cam.id, i.seconds);
    const ref = h.core.attachments.put(data, `camera-${cam.number}-${h.core.clock.now()}.mp4`, 'video/mp4');
    return { sha256: ref.sha256, size: ref.size, seconds: i.seconds };
  },
  'notifications:list': (i, h) => h.core.video.notifications(i.limit),

  'journal:verify': async (_i, h) => {
    return h.core.verifyParallel();
  },

  'cameras:list': (i, h) => h.core.cameras.list({ includeInactive: i.includeInactive }),
  'cameras:tree': (i, h) => h.core.cameras.tree(i.query),
  'cameras:get': (i, h) => {
    const c = h.core.cameras.get(i.id);
    if (!c) throw new AppError('unknown_camera', `camera ${i.id} is not registered`, { field: 'id' });
    return c;
  },
  'cameras:save': (i, h) => h.core.cameras.save(i, actor(h)),
  'cameras:deactivate': (i, h) => h.core.cameras.deactivate(i.id, actor(h), i.reason),
  'cameras:import': (i, h) => h.core.cameras.importCsv(i.csv, actor(h)),
  'cameras:export': (_i, h) => {
    const csv = h.core.cameras.exportCsv();
    return { fileName: `cameras-${today(h)}.csv`, mime: 'text/csv', csv, rows: h.core.cameras.count() };
  },
};

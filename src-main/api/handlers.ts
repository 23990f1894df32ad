import type { Channel, OutputOf, ParsedInputOf, AppStatus } from '../../src-shared/contract';
import type { User } from '../../src-shared/domain/org';
import { AppError } from '../../src-shared/errors';
import { zoneOf } from '../../src-shared/domain/cameras';
import type { Core } from '../app/core';
import type { CallContext } from './types';
import fs from 'node:fs';
import { APP_VERSION } from '../app/version';
import { prefill } from '../documents/prefill';

export interface Session {
  id: string;
  userId: string | null;
  locked: boolean;
  lastActive: number;
  /** Signed in with a temporary password: the dispatcher allows only the password change. */
  mustChangePassword?: boolean;
  /** A password check of this session is in flight (one at a time per session). */
  checkingPassword?: boolean;
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

/** The signed-in user as the workflow's actor (login, name, roles). */
const me = (h: HandlerCtx): User => {
  if (!h.user) throw new AppError('not_authenticated', 'sign in first');
  return h.user;
};

/** One password check at a time per session (a second one is answered at once, `signin_busy`). */
async function checkPassword(h: HandlerCtx, login: string, password: string) {
  if (h.session.checkingPassword) throw new AppError('signin_busy', 'a sign-in of this session is being checked');
  h.session.checkingPassword = true;
  try {
    return await h.core.users.authenticate(login, password);
  } finally {
    h.session.checkingPassword = false;
  }
}

const today = (h: HandlerCtx) => new Date(h.core.clock.now() + 7 * 3600_000).toISOString().slice(0, 10);

function status(h: HandlerCtx): AppStatus {
  const station = h.core.station.get();
  const user = h.session.userId ? h.core.users.byId(h.session.userId) : null;
  return {
    // a station set up by an older build that crashed before its administrator was written
    // has no users: setup may complete it
    setupDone: station !== null && h.core.users.count() > 0,
    station,
    session: user ? { user, locked: h.session.locked, mustChangePassword: h.session.mustChangePassword === true } : null,
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
    const { user, mustChangePassword } = await checkPassword(h, i.login, i.password);
    h.session.userId = user.id;
    h.session.locked = false;
    h.session.mustChangePassword = mustChangePassword;
    h.session.lastActive = h.core.clock.now();
    return { user, locked: false, mustChangePassword };
  },

  'auth:logout': (_i, h) => {
    h.session.userId = null;
    h.session.locked = false;
    h.session.mustChangePassword = false;
    return { ok: true as const };
  },

  'auth:lock': (_i, h) => {
    h.session.locked = true;
    return { user: h.user!, locked: true, mustChangePassword: h.session.mustChangePassword === true };
  },

  'auth:unlock': async (i, h) => {
    if (!h.session.userId) throw new AppError('not_authenticated', 'sign in first');
    const user = h.core.users.byId(h.session.userId);
    if (!user) throw new AppError('not_authenticated', 'sign in first');
    await checkPassword(h, user.login, i.password);
    h.session.locked = false;
    h.session.lastActive = h.core.clock.now();
    return { user, locked: false, mustChangePassword: h.session.mustChangePassword === true };
  },

  'users:list': (_i, h) => h.core.users.list(),
  // a password an administrator sets for someone else is temporary: changed at first sign-in
  'users:create': (i, h) => h.core.users.create(i, actor(h), { temporary: true }),
  'users:update': (i, h) => {
    const { id, ...changes } = i;
    if (id === h.user?.id && changes.active === false) {
      throw new AppError('invalid_input', 'you cannot deactivate your own account', { field: 'active' });
    }
    return h.core.users.update(id, changes, actor(h), { temporary: changes.password !== undefined && id !== h.user?.id });
  },
  'users:changePassword': async (i, h) => {
    const me = h.user!;
    if (i.next.normalize('NFC') === i.current.normalize('NFC')) {
      throw new AppError('password_reused', 'the new password must differ from the current one', { field: 'next' });
    }
    await checkPassword(h, me.login, i.current);
    await h.core.users.update(me.id, { password: i.next }, me.login);
    h.session.mustChangePassword = false;
    return { ok: true as const };
  },

  'org:list': (i, h) => h.core.org.list(i.at ?? today(h), i.query),
  'org:lookup': (i, h) => h.core.org.lookup(i.code, i.at ?? today(h)),
  // parsed in a worker thread (src-main/jobs); validated against the database and appended here
  'org:import': async (i, h) => {
    const units = await h.core.jobs.parseCsv('org', i.csv);
    return { imported: h.core.org.importUnits(units, actor(h)) };
  },

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
  // the export runs in a worker thread (src-main/jobs); this channel waits for it and answers
  // the file inline, logbook:exportJob answers the job at once
  'logbook:export': async (i, h) => {
    const job = h.core.jobs.startLogbookExport({ from: i.from, to: i.to, format: i.format, issuedAt: h.core.clock.now() }, actor(h));
    const done = await h.core.jobs.wait(job.id);
    if (done.error) throw new AppError(done.error.code, done.error.message, { ...(done.error.field ? { field: done.error.field } : {}), ...(done.error.params ? { params: done.error.params } : {}) });
    const f = h.core.jobs.file(done.id);
    return { fileName: f.fileName, mime: f.mime, base64: (await fs.promises.readFile(f.path)).toString('base64'), rows: done.result?.rows ?? 0 };
  },
  'logbook:exportJob': (i, h) => h.core.jobs.startLogbookExport({ from: i.from, to: i.to, format: i.format, issuedAt: h.core.clock.now() }, actor(h)),
  'jobs:get': (i, h) => h.core.jobs.get(i.id, actor(h)),
  'jobs:list': (_i, h) => h.core.jobs.list(actor(h)),
  // the file is streamed by the loopback server (GET /exports/<id>); only the owner gets its URL
  'jobs:downloadUrl': (i, h) => {
    const f = h.core.jobs.file(i.id, actor(h));
    if (!h.core.endpoint) throw new AppError('download_unavailable', 'the download server is not running');
    return { url: h.core.endpoint.exportUrl(i.id), fileName: f.fileName, mime: f.mime, size: f.size };
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
    const ref = h.core.attachments.put(shot.data, `camera-${cam.number}-${shot.at}.png`, shot.mime, 'internal');
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
    const clip = h.core.video.clip(cam.id, i.seconds);
    const ref = h.core.attachments.put(clip.data, `camera-${cam.number}-${h.core.clock.now()}.mp4`, 'video/mp4', 'internal');
    // the duration the clip really covers (whole GOPs from a keyframe), not the one asked for
    return { sha256: ref.sha256, size: ref.size, seconds: Math.round(clip.seconds * 10) / 10 };
  },
  'notifications:list': (i, h) => h.core.video.notifications(i.limit),

  'incidents:raise': (i, h) => h.core.incidents.raise(i, me(h)),
  'incidents:amend': (i, h) => h.core.incidents.amend(i, me(h)),
  'incidents:classify': (i, h) => h.core.incidents.classify(i, me(h)),
  'incidents:immediateStep': (i, h) => h.core.incidents.immediateStep(i, me(h)),
  'incidents:propose': (i, h) => h.core.incidents.propose(i, me(h)),
  'incidents:decide': (i, h) => h.core.incidents.decide(i, me(h)),
  'incidents:recordDgDecision': (i, h) => h.core.incidents.recordDgDecision(i, me(h)),
  'incidents:close': (i, h) => h.core.incidents.close(i, me(h)),
  'incidents:get': (i, h) => h.core.incidents.get(i.incidentId),
  'incidents:list': (i, h) => h.core.incidents.list(i),
  'incidents:alerts': (i, h) => h.core.incidents.alerts(me(h).roles, i.includeDismissed),
  'incidents:dismissAlert': (i, h) => {
    h.core.incidents.dismissAlert(i.alertId, me(h));
    return { ok: true as const };
  },
  'incidents:settings': (_i, h) => h.core.incidents.settings(),
  'incidents:setSettings': (i, h) => h.core.incidents.setSettings(i, me(h)),
  'directions:issue': (i, h) => h.core.incidents.issueDirection(i, me(h)),
  'directions:acknowledge': (i, h) => h.core.incidents.acknowledge(i, me(h)),
  'directions:result': (i, h) => h.core.incidents.directionResult(i, me(h)),
  'requests:register': (i, h) => h.core.incidents.registerRequest(i, me(h)),
  'requests:answer': (i, h) => h.core.incidents.answerRequest(i, me(h)),
  'requests:result': (i, h) => h.core.incidents.requestResult(i, me(h)),
  'requests:list': (i, h) => h.core.incidents.listRequests(i.openOnly, i.limit),
  'walls:presets': (_i, h) => h.core.walls.list(),
  'walls:savePreset': (i, h) => h.core.walls.save(i, actor(h)),
  'walls:deletePreset': (i, h) => h.core.walls.delete(i.name, actor(h)),
  'journal:verify': (i, h) => h.core.verifyFull(i.deep),

  'cameras:list': (i, h) => h.core.cameras.list({ includeInactive: i.includeInactive }),
  'cameras:tree': (i, h) => h.core.cameras.tree(i.query),
  'cameras:get': (i, h) => {
    const c = h.core.cameras.get(i.id);
    if (!c) throw new AppError('unknown_camera', `camera ${i.id} is not registered`, { field: 'id' });
    return c;
  },
  'cameras:save': (i, h) => h.core.cameras.save(i, actor(h)),
  'cameras:deactivate': (i, h) => h.core.cameras.deactivate(i.id, actor(h), i.reason),
  'cameras:import': async (i, h) => h.core.cameras.importRows(await h.core.jobs.parseCsv('cameras', i.csv), actor(h)),
  'cameras:export': (_i, h) => {
    const csv = h.core.cameras.exportCsv();
    return { fileName: `cameras-${today(h)}.csv`, mime: 'text/csv', csv, rows: h.core.cameras.count() };
  },

  // Official forms Phụ lục II–V (src-main/documents/service.ts, docs/forms.md)
  'documents:saveDraft': (i, h) => {
    const { id, links, expectedRevision, ...form } = i;
    return h.core.documents.saveDraft({ form, links, ...(id !== undefined ? { id } : {}), ...(expectedRevision !== undefined ? { expectedRevision } : {}) }, actor(h));
  },
  'documents:prefill': (i, h) => {
    const station = h.core.station.get();
    if (!station) throw new AppError('setup_required', 'the station is not set up');
    let incidentId = i.incidentId;
    if (!incidentId && i.directionId) {
      incidentId = (h.core.db.prepare('SELECT incident_id FROM directions WHERE id = ?').pluck().get(i.directionId) as string | undefined) ?? undefined;
      if (!incidentId) throw new AppError('not_found', `direction ${i.directionId} not found`, { field: 'directionId' });
    }
    const incident = incidentId ? h.core.incidents.get(incidentId) : null;
    const direction = i.directionId ? (incident?.directions.find((d) => d.id === i.directionId) ?? null) : null;
    if (i.directionId && !direction) throw new AppError('not_found', `direction ${i.directionId} not found`, { field: 'directionId' });
    const request = i.requestId ? h.core.incidents.getRequest(i.requestId) : null;
    // the signer: this shift's leader on the roster (else the signed-in user when a leader)
    const roster = h.core.shifts.roster(h.core.shifts.current().shiftDate);
    const lead = roster.members.find((m) => m.position === 'shift_leader' && m.availability !== 'on_leave');
    const signer = lead ? { name: lead.fullName } : h.user && h.user.roles.includes('shift_leader') ? { name: h.user.fullName } : null;
    return prefill(i.annex, {
      station,
      incident,
      direction,
      request,
      signer,
      unitName: (code, at) => h.core.org.lookup(code, new Date(at + 7 * 3600_000).toISOString().slice(0, 10))?.name ?? null,
    });
  },
  'documents:issue': (i, h) => {
    actor(h);
    return h.core.documents.issue(i, h.user!);
  },
  'documents:reissue': (i, h) => {
    actor(h);
    return h.core.documents.reissue(i, h.user!);
  },
  'documents:get': (i, h) => ({ document: h.core.documents.get(i.id), history: h.core.documents.history(i.id) }),
  'documents:list': (i, h) => h.core.documents.list(i),
  'documents:render': async (i, h) => {
    const doc = h.core.documents.get(i.id);
    const f = await h.core.documents.file(i.id, i.format);
    return { fileName: f.fileName, mime: f.mime, base64: f.data.toString('base64'), status: doc.status };
  },
  // the frames go to the transport's sink of this session (src-main/push/hub.ts)
  'push:subscribe': (i, h) => h.core.push.subscribe(h.ctx.sessionId, i.topics, i.fromSeq),
  'push:unsubscribe': (i, h) => {
    h.core.push.unsubscribe(h.ctx.sessionId, i.topics);
    return { ok: true as const };
  },
};

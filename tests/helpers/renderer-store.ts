/**
 * The renderer's store with a fake contract: each test says what a channel answers (a value, or
 * a typed error), and every call is recorded. No DOM: the store runs on plain Node.
 */
import { vi } from 'vitest';
import type { Channel, InputOf, Invoke, OutputOf } from '../../src-shared/contract';
import { RESYNC_TOPIC } from '../../src-shared/contract/topics';
import type { PushFrame, Topic } from '../../src-shared/contract/topics';
import type { Camera } from '../../src-shared/domain/cameras';
import type { SessionInfo, Station, User } from '../../src-shared/domain/org';
import type { ErrorCode } from '../../src-shared/errors';
import { MESSAGES } from '../../src-renderer/i18n';
import { createAppStore } from '../../src-renderer/store';
import type { StoreDeps } from '../../src-renderer/store';
import { ClientError } from '../../src-renderer/transport/errors';

export type Handlers = { [K in Channel]?: (input: InputOf<K>) => OutputOf<K> | Promise<OutputOf<K>> };

/** A typed error as main sends it (`{ ok: false, error }` becomes this on the client). */
export function appError(code: ErrorCode, extra: { field?: string; params?: Record<string, string | number> } = {}): ClientError {
  return new ClientError({ code, message: `${code} (fake)`, ...extra });
}

/** A handler that always fails with `code`. */
export const failWith =
  (code: ErrorCode, extra?: Parameters<typeof appError>[1]) =>
  (): never => {
    throw appError(code, extra);
  };

export function memoryStorage(initial: Record<string, string> = {}): StoreDeps['storage'] & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => (k in data ? data[k]! : null),
    setItem: (k, v) => {
      data[k] = String(v);
    },
  };
}

export function fakeStore(handlers: Handlers = {}, deps: Partial<StoreDeps> = {}) {
  const calls: { channel: Channel; input: unknown }[] = [];
  const invoke: Invoke = async (ch, input) => {
    calls.push({ channel: ch, input });
    const h = handlers[ch] as ((i: unknown) => unknown) | undefined;
    if (!h) throw appError('unknown_channel');
    return (await h(input)) as never;
  };
  const storage = memoryStorage();
  const saveFile = vi.fn<StoreDeps['saveFile']>();
  const openDownload = vi.fn<StoreDeps['openDownload']>();
  // the transport's subscribe, faked: who listens to what; `push` hands them a frame as the
  // renderer's push client would (a topic's listeners, and every listener on 'resync')
  const listeners = new Set<{ topics: ReadonlySet<Topic>; handler: (f: PushFrame) => void }>();
  const subscribe: StoreDeps['subscribe'] = (topics, handler) => {
    const entry = { topics: new Set(topics), handler };
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  };
  const push = (frame: PushFrame) => {
    for (const l of [...listeners]) if (frame.topic === RESYNC_TOPIC || l.topics.has(frame.topic as Topic)) l.handler(frame);
  };
  const store = createAppStore({ invoke, now: () => NOW, storage, saveFile, openDownload, subscribe, ...deps });
  return {
    store,
    /** Delivers a pushed frame to whoever subscribed to its topic (everyone for 'resync'). */
    push,
    /** How many subscriptions to `topic` are open. */
    listening: (topic: Topic) => [...listeners].filter((l) => l.topics.has(topic)).length,
    openDownload,
    handlers,
    calls,
    storage,
    saveFile,
    /** How many times `channel` was called. */
    count: (channel: Channel) => calls.filter((c) => c.channel === channel).length,
    inputs: <K extends Channel>(channel: K) => calls.filter((c) => c.channel === channel).map((c) => c.input as InputOf<K>),
    get state() {
      return store.getState();
    },
    get actions() {
      return store.getState().actions;
    },
    /** The toasts' texts as shown in `lang`. */
    toastTexts(lang: 'vi' | 'en' = 'vi') {
      return store.getState().ui.toasts.map((t) => ({ tone: t.tone, text: t.text(MESSAGES[lang], lang) }));
    },
  };
}

export const NOW = Date.UTC(2026, 2, 10, 3, 0, 0); // 10:00 in Hà Nội

export const station: Station = {
  code: 'HQ-HN-01',
  name: 'Chi cục Hải quan cửa khẩu Nội Bài',
  kind: 'regional_with_cameras',
  place: 'Hà Nội',
  parentBody: 'CỤC HẢI QUAN',
  officeHours: { ranges: [{ from: 450, to: 990 }], weekdays: [1, 2, 3, 4, 5] },
  idleLockMinutes: 10,
  createdAt: NOW - 86_400_000,
};

export function user(over: Partial<User> = {}): User {
  return { id: 'u-1', login: 'lan', fullName: 'Nguyễn Thị Lan', title: 'Công chức', roles: ['surveillance_officer'], team: null, active: true, ...over };
}

export function session(over: Partial<SessionInfo> = {}): SessionInfo {
  return { user: user(), locked: false, mustChangePassword: false, ...over };
}

export function camera(number: number, over: Partial<Camera> = {}): Camera {
  return {
    id: `cam-${number}`,
    number,
    name: `Cổng ${number}`,
    siteType: 'road_border_gate',
    siteName: 'Cửa khẩu Hữu Nghị',
    zone: 'entry_exit_lanes',
    unitCode: '15BB',
    mainUrl: `rtsp://10.0.0.${number}/main`,
    subUrl: null,
    hasCredentials: false,
    mapNote: '',
    neighbours: [],
    recognition: false,
    active: true,
    updatedAt: NOW,
    ...over,
  };
}

/** Answers for what signing in loads (shift, logbook, users, units), all empty. */
export function workingDataHandlers(): Handlers {
  const roster = { shiftDate: '2026-03-10', members: [], updatedAt: null, updatedBy: null };
  return {
    'shift:current': () => ({ shiftDate: '2026-03-10', start: NOW - 7_200_000, end: NOW + 79_200_000, now: NOW, officeHours: true, roster }),
    'logbook:list': () => ({ entries: [], nextBefore: null }),
    'logbook:open': () => [],
    'users:list': () => [user()],
    'org:list': () => [],
  };
}

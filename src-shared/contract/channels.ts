/**
 * The contract's channel names as a plain list, importable without zod.
 *
 * The Electron preload runs sandboxed and is bundled on its own; it must not pull zod (or the
 * schemas) in at run time, so it builds `window.trucban` from this list. A test
 * (tests/main/electron/channels.test.ts) checks that this list equals `Object.keys(contract)`
 * in the same order, and a type-level check keeps `ChannelName` equal to `Channel`: add a
 * channel to `contract` in ./index.ts and to this list together.
 */
export const CHANNEL_NAMES = [
  'app:status',
  'setup:station',
  'station:update',
  'auth:login',
  'auth:logout',
  'auth:lock',
  'auth:unlock',
  'users:list',
  'users:create',
  'users:update',
  'users:changePassword',
  'org:list',
  'org:lookup',
  'org:import',
  'shift:current',
  'roster:get',
  'roster:set',
  'rota:get',
  'rota:set',
  'logbook:add',
  'logbook:amend',
  'logbook:get',
  'logbook:list',
  'logbook:search',
  'logbook:open',
  'logbook:export',
  'logbook:exportJob',
  'jobs:get',
  'jobs:list',
  'jobs:downloadUrl',
  'attachments:put',
  'video:endpoint',
  'video:health',
  'video:stats',
  'video:snapshot',
  'video:clip',
  'notifications:list',
  'incidents:raise',
  'incidents:amend',
  'incidents:classify',
  'incidents:immediateStep',
  'incidents:propose',
  'incidents:decide',
  'incidents:recordDgDecision',
  'incidents:close',
  'incidents:get',
  'incidents:list',
  'incidents:alerts',
  'incidents:dismissAlert',
  'incidents:settings',
  'incidents:setSettings',
  'directions:issue',
  'directions:acknowledge',
  'directions:result',
  'requests:register',
  'requests:answer',
  'requests:result',
  'requests:list',
  'walls:presets',
  'walls:savePreset',
  'walls:deletePreset',
  'journal:verify',
  'cameras:list',
  'cameras:tree',
  'cameras:get',
  'cameras:save',
  'cameras:deactivate',
  'cameras:import',
  'cameras:export',
  'documents:saveDraft',
  'documents:prefill',
  'documents:issue',
  'documents:reissue',
  'documents:get',
  'documents:list',
  'documents:render',
  'push:subscribe',
  'push:unsubscribe',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

const NAME_SET: ReadonlySet<string> = new Set(CHANNEL_NAMES);

/** True when `x` is a string naming a contract channel (no prototype lookups: `__proto__` is not a channel). */
export function isChannelName(x: unknown): x is ChannelName {
  return typeof x === 'string' && NAME_SET.has(x);
}

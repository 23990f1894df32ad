/**
 * Named wall presets across displays. Presets are the station's (main keeps them: `walls:*`);
 * a preset holds one layout per display. The wall pages of this app (`?display=N`: Electron's
 * windows, or browser pages) share an origin, so they talk over a BroadcastChannel:
 *
 * - save "X" on one display: that page saves its own layout, then broadcasts {type:'save'};
 *   every other wall page saves its own layout under "X" (main merges them into one preset);
 * - load "X": every page applies its own part of "X" (a display with no part keeps its wall);
 * - delete, or any save: {type:'changed'} makes every page refetch the list.
 *
 * Across machines the station pushes topic `walls` when a preset is saved or deleted: every wall
 * page refetches the list, and a page still showing the preset it last loaded or saved (its
 * layout unchanged since) follows the new version — a preset saved on a workstation reaches
 * the wall PCs showing it, without anyone touching them. A page whose layout was changed by
 * hand keeps it.
 *
 * The first time a page shows the wall it moves presets an older version kept in
 * localStorage (`trucban.wall.presets.<N>`) into main, then removes that key.
 */
import type { WallPreset } from '../../../src-shared/domain/walls';
import { WALL_PRESET_NAME_MAX } from '../../../src-shared/domain/walls';
import { errorText } from '../../i18n';
import { store } from '../../store';
import { subscribe } from '../../transport';
import type { PushFrame } from '../../../src-shared/contract/topics';
import { toClientError } from '../../transport/errors';
import { layoutOf, readLegacyPresets, removeLegacyPresets, wallStorage, wallStore } from './wallStore';

export const WALL_CHANNEL = 'trucban-wall';

export type WallMessage = { type: 'save'; name: string } | { type: 'load'; name: string } | { type: 'changed' };

/** Messages from other pages are checked before use (another version of the app may be open). */
export function parseWallMessage(x: unknown): WallMessage | null {
  if (!x || typeof x !== 'object') return null;
  const m = x as Record<string, unknown>;
  if (m.type === 'changed') return { type: 'changed' };
  if ((m.type === 'save' || m.type === 'load') && typeof m.name === 'string' && m.name.length > 0 && m.name.length <= WALL_PRESET_NAME_MAX * 4) {
    return { type: m.type, name: m.name };
  }
  return null;
}

let channel: BroadcastChannel | null = null;
let started = false;
/** The preset this display shows: its name and the layout it applied (to notice a change by hand). */
let shown: { name: string; layout: string } | null = null;

const currentLayout = () => JSON.stringify(layoutOf(wallStore.getState()));
const remember = (name: string) => {
  shown = { name, layout: currentLayout() };
};

function post(msg: WallMessage): void {
  try {
    channel?.postMessage(msg);
  } catch {
    // a closed channel: the other pages refresh on their next action
  }
}

const ui = () => store.getState().actions.ui;

function toastError(e: unknown): void {
  ui().toast('error', (_m, lang) => errorText(lang, toClientError(e)));
}

const wall = () => store.getState().actions.wall;

/** Refetches the station's presets into the store's wall slice; returns them. */
export function refreshPresets(): Promise<WallPreset[]> {
  return wall().refreshPresets();
}

/** Saves this display's current layout into preset `name` (main merges the displays). */
function saveHere(name: string): Promise<WallPreset> {
  const s = wallStore.getState();
  return wall().savePreset(name, s.display, layoutOf(s));
}

/** Applies this display's part of `preset`; false when the preset has none (the wall stays). */
function applyHere(preset: WallPreset | undefined): boolean {
  const s = wallStore.getState();
  const part = preset?.displays[String(s.display)];
  if (!part) return false;
  s.actions.applyLayout(part);
  remember(preset.name);
  return true;
}

/**
 * Topic `walls`: refetch the list; a display still showing the preset that was saved applies
 * its new part (a deleted preset, or one changed here by hand since, is left as it is).
 */
async function onPushed(frame: PushFrame): Promise<void> {
  const list = await refreshPresets();
  const data = frame.topic === 'walls' ? (frame.data as { name?: unknown; type?: unknown } | undefined) : undefined;
  if (!shown || typeof data?.name !== 'string' || data.name !== shown.name || data.type !== 'wall.preset_saved') return;
  if (currentLayout() !== shown.layout) {
    shown = null;
    return;
  }
  applyHere(list.find((p) => p.name === data.name));
}

/** Save from this display: this page first (its errors are the officer's), then every other page. */
export async function savePresetEverywhere(name: string): Promise<WallPreset> {
  const saved = await saveHere(name);
  remember(saved.name);
  post({ type: 'save', name: saved.name });
  await refreshPresets().catch(() => undefined);
  return saved;
}

/** Load on every display; true when this display had a part of the preset. */
export async function loadPresetEverywhere(name: string): Promise<boolean> {
  post({ type: 'load', name });
  const list = await refreshPresets();
  return applyHere(list.find((p) => p.name === name));
}

export async function deletePreset(name: string): Promise<void> {
  try {
    await wall().deletePreset(name);
  } finally {
    await refreshPresets().catch(() => undefined);
    post({ type: 'changed' });
  }
}

async function onMessage(msg: WallMessage): Promise<void> {
  try {
    if (msg.type === 'save') {
      await saveHere(msg.name);
      remember(msg.name);
      await refreshPresets();
      post({ type: 'changed' });
    } else if (msg.type === 'load') {
      applyHere((await refreshPresets()).find((p) => p.name === msg.name));
    } else {
      await refreshPresets();
    }
  } catch (e) {
    // this display could not take part (e.g. it shows a camera since removed): say so here
    toastError(e);
  }
}

/** Moves presets an older version kept in this browser (per display) into main, once. */
async function migrateLegacyPresets(): Promise<void> {
  const display = wallStore.getState().display;
  const legacy = readLegacyPresets(display, wallStorage);
  if (!legacy) return;
  const existing = await wall().refreshPresets();
  let moved = 0;
  let retry = false;
  for (const [raw, layout] of Object.entries(legacy)) {
    const name = raw.normalize('NFC').trim().slice(0, WALL_PRESET_NAME_MAX).trim();
    // main's copy wins over the browser's
    if (!name || existing.find((p) => p.name === name)?.displays[String(display)]) continue;
    try {
      await wall().savePreset(name, display, layoutOf(layout));
      moved++;
    } catch (e) {
      const code = toClientError(e).code;
      // a preset main refuses (a camera not in the registry…) cannot be moved; anything else is retried next time
      if (code !== 'invalid_input' && code !== 'unknown_camera') retry = true;
    }
  }
  if (!retry) removeLegacyPresets(display, wallStorage);
  if (moved > 0) {
    ui().toast('info', (m) => m.wall.presetsMigrated(moved));
    post({ type: 'changed' });
  }
}

/**
 * Joins the wall pages' channel, moves old browser-kept presets to main and fetches the list.
 * Idempotent: the first wall shown on this page starts it; it stays for the page's life, so a
 * display showing another screen still takes part in saves and loads of its wall.
 */
export function startPresetSync(): void {
  if (!started) {
    started = true;
    subscribe(['walls'], (frame) => void onPushed(frame).catch(() => undefined));
    if (typeof BroadcastChannel !== 'undefined') {
      channel = new BroadcastChannel(WALL_CHANNEL);
      channel.onmessage = (ev: MessageEvent<unknown>) => {
        const msg = parseWallMessage(ev.data);
        if (msg) void onMessage(msg);
      };
    }
    void migrateLegacyPresets()
      .catch(() => undefined)
      .finally(() => void refreshPresets().catch(() => undefined));
    return;
  }
  void refreshPresets().catch(() => undefined);
}

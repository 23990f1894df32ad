/**
 * Browser mode on a multi-monitor workstation: open one wall page per other display. With the
 * Window Management API (`getScreenDetails`, permission 'window-management') each window is
 * placed on its screen (screen i → `?display=i+1`); without it — missing, denied, a single
 * screen, or pop-ups blocked — the officer gets the addresses to open on each display by hand.
 * Each address carries the access token in its hash, the way every browser-mode page is
 * opened (transport/session.ts takes it into sessionStorage and removes it from the address
 * bar); the session key in localStorage is shared, so the new pages are signed in already.
 * Electron does not need this: main opens one window per display (src-main/electron/windows.ts).
 */
import { WALL_MAX_DISPLAYS } from '../../../src-shared/domain/walls';
import { accessToken } from '../../transport';

/** The parts of the Window Management API used here (not yet in TypeScript's DOM lib). */
interface ScreenDetailed {
  availLeft: number;
  availTop: number;
  availWidth: number;
  availHeight: number;
}
interface ScreenDetails {
  screens: readonly ScreenDetailed[];
  currentScreen: ScreenDetailed;
}
type WithScreens = Window & { getScreenDetails?: () => Promise<ScreenDetails> };

/** Without the API the number of displays is unknown: addresses for displays 1…4 are listed. */
export const MANUAL_DISPLAYS = 4;

export type OpenAllReason = 'opened' | 'unsupported' | 'denied' | 'single' | 'blocked';

export interface OpenAllResult {
  reason: OpenAllReason;
  /** Displays whose window was opened. */
  opened: number[];
  /** Addresses to open by hand (display number → URL). */
  manual: { display: number; url: string }[];
}

/** The address of the wall page for display `n` (with the access token in its hash). */
export function displayUrl(n: number, loc: Location = window.location): string {
  const token = accessToken();
  return `${loc.origin}${loc.pathname}?display=${n}${token ? `#token=${encodeURIComponent(token)}` : ''}`;
}

function manualList(current: number, count: number): { display: number; url: string }[] {
  const out: { display: number; url: string }[] = [];
  for (let n = 1; n <= Math.min(WALL_MAX_DISPLAYS, Math.max(count, 2)); n++) if (n !== current) out.push({ display: n, url: displayUrl(n) });
  return out;
}

/**
 * Opens a wall window on every other screen (call from a click: pop-ups need the gesture).
 * Screen i (the API's order) shows `?display=i+1`, except that this page keeps its own number.
 */
export async function openOnAllDisplays(current: number, win: WithScreens = window): Promise<OpenAllResult> {
  if (typeof win.getScreenDetails !== 'function') return { reason: 'unsupported', opened: [], manual: manualList(current, MANUAL_DISPLAYS) };
  let details: ScreenDetails;
  try {
    details = await win.getScreenDetails();
  } catch {
    return { reason: 'denied', opened: [], manual: manualList(current, MANUAL_DISPLAYS) };
  }
  const screens = details.screens.slice(0, WALL_MAX_DISPLAYS);
  if (screens.length < 2) return { reason: 'single', opened: [], manual: manualList(current, MANUAL_DISPLAYS) };
  const here = screens.indexOf(details.currentScreen);
  const opened: number[] = [];
  const manual: { display: number; url: string }[] = [];
  screens.forEach((s, i) => {
    if (i === here) return;
    // screen i shows display i+1; if that is this page's number (it sits on another screen),
    // the two swap: screen i shows the number of this page's screen
    const n = i + 1 === current && here >= 0 ? here + 1 : i + 1;
    if (n === current) return;
    const url = displayUrl(n);
    const features = `popup,left=${Math.round(s.availLeft)},top=${Math.round(s.availTop)},width=${Math.round(s.availWidth)},height=${Math.round(s.availHeight)}`;
    // a named target: pressing the button again reuses the display's window instead of adding one
    const w = win.open(url, `trucban-display-${n}`, features);
    if (w) opened.push(n);
    else manual.push({ display: n, url });
  });
  return { reason: manual.length > 0 ? 'blocked' : 'opened', opened, manual };
}

import type { Lang, Messages } from '../../i18n';
import type { RootState, SliceCtx } from '../../store/types';
import { defineSlice, patch } from '../../store/types';

export type Screen = 'dashboard' | 'logbook' | 'incidents' | 'requests' | 'wall' | 'cameras' | 'roster' | 'rota' | 'users' | 'settings';
export const SCREENS: readonly Screen[] = ['dashboard', 'logbook', 'incidents', 'requests', 'wall', 'cameras', 'roster', 'rota', 'users', 'settings'];
export type Theme = 'dark' | 'contrast';

export interface Toast {
  id: number;
  tone: 'info' | 'success' | 'error';
  /** Rendered at display time, so a language switch also translates visible toasts. */
  text: (m: Messages, lang: Lang) => string;
}

export interface UiSliceState {
  lang: Lang;
  theme: Theme;
  screen: Screen;
  toasts: Toast[];
}

export interface UiActions {
  setLang(lang: Lang): void;
  toggleLang(): void;
  setTheme(theme: Theme): void;
  navigate(screen: Screen): void;
  toast(tone: Toast['tone'], text: Toast['text'], ttlMs?: number): number;
  dismiss(id: number): void;
}

const LANG_KEY = 'trucban.lang';
const THEME_KEY = 'trucban.theme';

/** A wall page (`?display=N` or `?screen=wall`) opens on the video wall (also after signing in). */
export function initialScreen(): Screen {
  try {
    const q = new URLSearchParams(window.location.search);
    if (q.has('display') || q.get('screen') === 'wall') return 'wall';
  } catch {
    // no window (tests)
  }
  return 'dashboard';
}

export function initialUiState(storage: SliceCtx['deps']['storage']): UiSliceState {
  const read = (k: string): string | null => {
    try {
      return storage?.getItem(k) ?? null;
    } catch {
      return null;
    }
  };
  const lang = read(LANG_KEY);
  const theme = read(THEME_KEY);
  return {
    lang: lang === 'en' ? 'en' : 'vi',
    theme: theme === 'contrast' ? 'contrast' : 'dark',
    screen: initialScreen(),
    toasts: [],
  };
}

export function createUiActions({ set, get, deps }: SliceCtx): UiActions {
  let nextToast = 1;
  const persist = (k: string, v: string) => {
    try {
      deps.storage?.setItem(k, v);
    } catch {
      // storage may be unavailable (private mode); the choice then lasts for this session
    }
  };
  const actions: UiActions = {
    setLang(lang) {
      persist(LANG_KEY, lang);
      patch(set, 'ui', { lang });
    },
    toggleLang() {
      actions.setLang(get().ui.lang === 'vi' ? 'en' : 'vi');
    },
    setTheme(theme) {
      persist(THEME_KEY, theme);
      patch(set, 'ui', { theme });
    },
    navigate(screen) {
      patch(set, 'ui', { screen });
    },
    toast(tone, text, ttlMs = tone === 'error' ? 8000 : 3500) {
      const id = nextToast++;
      const toasts = [...get().ui.toasts, { id, tone, text }].slice(-3);
      patch(set, 'ui', { toasts });
      setTimeout(() => actions.dismiss(id), ttlMs);
      return id;
    },
    dismiss(id) {
      const toasts = get().ui.toasts.filter((t) => t.id !== id);
      if (toasts.length !== get().ui.toasts.length) patch(set, 'ui', { toasts });
    },
  };
  return actions;
}

export const uiSlice = defineSlice({
  key: 'ui',
  initial: (deps) => initialUiState(deps.storage),
  actions: createUiActions,
  // the officer's language and theme are the machine's, not the session's; the screen stays
  // until the next sign-in picks it (login navigates), and a toast raised while signing out
  // (e.g. the logout call failed) must still be seen
  keepOnSignOut: ['lang', 'theme', 'screen', 'toasts'],
});

export const uiSelectors = {
  lang: (s: RootState) => s.ui.lang,
  theme: (s: RootState) => s.ui.theme,
  screen: (s: RootState) => s.ui.screen,
  toasts: (s: RootState) => s.ui.toasts,
};

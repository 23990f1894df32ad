import { MESSAGES } from '../i18n';
import type { Lang, Messages } from '../i18n';
import { selectors, useAppStore } from '../store';

/** The UI strings of the chosen language. */
export function useMessages(): Messages {
  return useAppStore((s) => MESSAGES[s.ui.lang]);
}

export function useLang(): Lang {
  return useAppStore(selectors.ui.lang);
}

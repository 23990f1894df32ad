import { useActions, selectors, useAppStore } from '../store';
import { useLang, useMessages } from '../hooks/useI18n';

export function Toasts() {
  const toasts = useAppStore(selectors.ui.toasts);
  const m = useMessages();
  const lang = useLang();
  const { ui } = useActions();
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
          <span>{t.text(m, lang)}</span>
          <button type="button" className="toast__close" aria-label={m.common.close} onClick={() => ui.dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

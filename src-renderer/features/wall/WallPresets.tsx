/**
 * The wall toolbar's named presets (saved by main, spanning displays: ./presets.ts) and, in
 * browser mode, "open on all displays" (./displays.ts).
 */
import { useEffect, useState } from 'react';
import { WALL_PRESET_NAME_MAX } from '../../../src-shared/domain/walls';
import { useMessages } from '../../hooks/useI18n';
import { errorText } from '../../i18n';
import { selectors, useActions, useAppStore } from '../../store';
import { toClientError, transportKind } from '../../transport';
import { openOnAllDisplays } from './displays';
import type { OpenAllResult } from './displays';
import { deletePreset, loadPresetEverywhere, savePresetEverywhere, startPresetSync } from './presets';
import { useWall } from './wallStore';

export function WallPresets() {
  const m = useMessages();
  const display = useWall((s) => s.display);
  const presets = useAppStore(selectors.wall.presets);
  const { ui } = useActions();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => startPresetSync(), []);
  // a preset deleted elsewhere leaves the choice
  useEffect(() => {
    if (chosen && !presets.some((p) => p.name === chosen)) setChosen('');
  }, [presets, chosen]);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      ui.toast('error', (_m, lang) => errorText(lang, toClientError(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="wall-presets"
      aria-label={m.wall.presets}
      data-testid="wall-presets"
      onSubmit={(e) => {
        e.preventDefault();
        const n = name.normalize('NFC').trim();
        if (!n) return;
        void run(async () => {
          const saved = await savePresetEverywhere(n);
          setChosen(saved.name);
          setName('');
          ui.toast('success', (mm) => mm.wall.presetSaved(saved.name));
        });
      }}
    >
      <select value={chosen} onChange={(e) => setChosen(e.target.value)} aria-label={m.wall.presets} name="preset">
        <option value="">{m.wall.presetNone}</option>
        {presets.map((p) => (
          <option key={p.name} value={p.name}>
            {`${p.name} (${m.wall.presetDisplays(Object.keys(p.displays).join(', '))})`}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn--small"
        disabled={!chosen || busy}
        onClick={() =>
          void run(async () => {
            const n = chosen;
            const here = await loadPresetEverywhere(n);
            if (here) ui.toast('success', (mm) => mm.wall.presetLoaded(n));
            else ui.toast('info', (mm) => mm.wall.presetNoPart(n, display), 6000);
          })
        }
      >
        {m.wall.presetLoad}
      </button>
      <button
        type="button"
        className="btn btn--small btn--ghost"
        disabled={!chosen || busy}
        onClick={() =>
          void run(async () => {
            const n = chosen;
            await deletePreset(n);
            setChosen('');
            ui.toast('success', (mm) => mm.wall.presetDeleted(n));
          })
        }
      >
        {m.wall.presetDelete}
      </button>
      <input value={name} onChange={(e) => setName(e.target.value)} placeholder={m.wall.presetName} aria-label={m.wall.presetName} name="presetName" maxLength={WALL_PRESET_NAME_MAX} />
      <button type="submit" className="btn btn--small" disabled={!name.trim() || busy}>
        {m.wall.presetSave}
      </button>
    </form>
  );
}

/** Browser mode only: one wall window per other display (Electron opens them itself). */
export function OpenAllDisplays() {
  const m = useMessages();
  const display = useWall((s) => s.display);
  const { ui } = useActions();
  const [result, setResult] = useState<OpenAllResult | null>(null);
  if (transportKind() === 'electron') return null;
  const why = result ? { opened: '', unsupported: m.wall.openAllUnsupported, denied: m.wall.openAllDenied, single: m.wall.openAllSingle, blocked: m.wall.openAllBlocked }[result.reason] : '';
  return (
    <>
      <button
        type="button"
        className="btn btn--small"
        title={m.wall.openAllTitle}
        data-testid="wall-open-all"
        onClick={() =>
          void openOnAllDisplays(display).then((r) => {
            if (r.opened.length > 0) ui.toast('success', (mm) => mm.wall.openAllOpened(r.opened.join(', ')));
            setResult(r.manual.length > 0 ? r : null);
          })
        }
      >
        {m.wall.openAll}
      </button>
      {result ? (
        <div className="wall-open-all" role="status" data-testid="wall-open-all-help" data-reason={result.reason}>
          <p>
            {why} {m.wall.openAllManual}
          </p>
          <ul>
            {result.manual.map((u) => (
              <li key={u.display}>
                <span className="wall-open-all__display">{m.wall.display(u.display)}</span>{' '}
                <a href={u.url} target={`trucban-display-${u.display}`} data-display={u.display}>
                  {u.url}
                </a>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setResult(null)}>
            {m.wall.openAllClose}
          </button>
        </div>
      ) : null}
    </>
  );
}

import { useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useMessages } from '../../hooks/useI18n';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';
import { selectors, useAppStore } from '../../store';
import { useWall } from './wallStore';

/** Sets (or stops) the tour of one tile: camera numbers and seconds per camera. */
export function TourForm({ index, onClose }: { index: number; onClose: () => void }) {
  const m = useMessages();
  const cameras = useAppStore(selectors.wall.cameras);
  const cfg = useWall((s) => s.tiles[index]);
  const actions = useWall((s) => s.actions);
  const numberOf = (id: string) => cameras.find((c) => c.id === id)?.number;
  const [nums, setNums] = useState(() => (cfg?.tour ? cfg.tour.cameraIds.map(numberOf).filter((n) => n !== undefined).join(', ') : ''));
  const [secs, setSecs] = useState(() => String(cfg?.tour?.intervalSec ?? 10));
  const [error, setError] = useState<string | null>(null);
  const first = useFocusOnMount<HTMLInputElement>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wanted = nums
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter(Boolean);
    const unknown: string[] = [];
    const ids: string[] = [];
    for (const w of wanted) {
      const cam = cameras.find((c) => String(c.number) === w);
      if (cam) ids.push(cam.id);
      else unknown.push(w);
    }
    if (unknown.length) return setError(m.wall.tourUnknown(unknown.join(', ')));
    if (ids.length < 2) return setError(m.wall.tourNeedTwo);
    const intervalSec = Math.min(3600, Math.max(3, Math.round(Number(secs) || 10)));
    actions.setTour(index, { cameraIds: ids, intervalSec });
    onClose();
  };
  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  };
  return (
    <form className="tour-form" onSubmit={submit} onKeyDown={onKey} onDoubleClick={(e) => e.stopPropagation()} aria-label={m.wall.tourTitle} data-testid="tour-form">
      <strong>{m.wall.tourTitle}</strong>
      <label>
        {m.wall.tourCameras}
        <input ref={first} value={nums} onChange={(e) => setNums(e.target.value)} name="tourCameras" inputMode="numeric" autoComplete="off" />
      </label>
      <label>
        {m.wall.tourInterval}
        <input value={secs} onChange={(e) => setSecs(e.target.value)} name="tourInterval" inputMode="numeric" autoComplete="off" />
      </label>
      {error ? (
        <span className="field__error" role="alert">
          {error}
        </span>
      ) : null}
      <div className="tour-form__buttons">
        <button type="submit" className="btn btn--small btn--primary">
          {m.wall.tourStart}
        </button>
        {cfg?.tour ? (
          <button
            type="button"
            className="btn btn--small"
            onClick={() => {
              actions.setTour(index, null);
              onClose();
            }}
          >
            {m.wall.tourStop}
          </button>
        ) : null}
        <button type="button" className="btn btn--small btn--ghost" onClick={onClose}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}

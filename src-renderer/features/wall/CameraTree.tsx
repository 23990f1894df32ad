import { useEffect, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import type { CameraTreeItem, CameraTreeUnit } from '../../../src-shared/domain/cameras';
import { useLang, useMessages } from '../../hooks/useI18n';
import { selectors, store, useAppStore } from '../../store';
import { usePush } from '../../hooks/usePush';
import { healthIcon, healthLabel, healthOf, toneOf } from './health';
import type { HealthTone } from './health';
import { useWall, wallStore } from './wallStore';

export const CAMERA_MIME = 'application/x-trucban-camera';

function Counts({ cams }: { cams: CameraTreeItem[] }) {
  const m = useMessages();
  const health = useAppStore(selectors.wall.health);
  const by: Record<HealthTone, number> = { ok: 0, warn: 0, bad: 0, auth: 0, unknown: 0 };
  for (const c of cams) by[toneOf(healthOf(c, health))]++;
  const bad = by.warn + by.bad + by.auth;
  return (
    <span className="tree-counts" title={m.wall.counts(by.ok, bad, cams.length)} aria-label={m.wall.counts(by.ok, bad, cams.length)}>
      {(['ok', 'warn', 'bad', 'auth', 'unknown'] as const).map((t) =>
        by[t] > 0 ? (
          <span key={t} className={`tree-count health--${t}`}>
            {by[t]}
          </span>
        ) : null,
      )}
    </span>
  );
}

function CameraRow({ cam }: { cam: CameraTreeItem }) {
  const m = useMessages();
  const health = useAppStore(selectors.wall.health);
  const onWall = useWall((s) => s.tiles.some((t) => t.cameraId === cam.id));
  const state = healthOf(cam, health);
  const onDragStart = (e: DragEvent<HTMLButtonElement>) => {
    e.dataTransfer.setData(CAMERA_MIME, cam.id);
    e.dataTransfer.setData('text/plain', `Camera ${cam.number}`);
    e.dataTransfer.effectAllowed = 'copy';
  };
  // a click (or Enter) puts the camera in the selected tile; a camera already on the wall moves
  // there; the next tile is selected, so clicking cameras one after another fills the wall
  const place = () => {
    const s = wallStore.getState();
    const index = s.enlarged ?? s.focused;
    s.actions.place(index, cam.id);
    if (s.enlarged === null) s.actions.focus(index + 1);
  };
  return (
    <li>
      <button
        type="button"
        className={`tree-cam${onWall ? ' tree-cam--shown' : ''}`}
        draggable
        onDragStart={onDragStart}
        onClick={place}
        data-testid={`tree-camera-${cam.number}`}
        data-camera-id={cam.id}
        title={`${healthLabel(m, state)}${cam.mapNote ? ' · ' + cam.mapNote : ''}`}
      >
        <span className={`health-dot health--${toneOf(state)}`} aria-hidden="true">
          {healthIcon(state)}
        </span>
        <span className="tree-cam__num">{cam.number}</span>
        <span className="tree-cam__name">{cam.name}</span>
        <span className="visually-hidden">{healthLabel(m, state)}</span>
        {cam.recognition ? (
          <span className="tree-cam__tag" aria-hidden="true">
            ANPR
          </span>
        ) : null}
      </button>
    </li>
  );
}

function Group(props: { label: string; sub?: string; cams: CameraTreeItem[]; level: number; children: ReactNode }) {
  const m = useMessages();
  const [open, setOpen] = useState(true);
  return (
    <li className={`tree-group tree-group--l${props.level}`}>
      <button type="button" className="tree-group__head" aria-expanded={open} onClick={() => setOpen(!open)} title={open ? m.wall.collapse : m.wall.expand}>
        <span className="tree-group__caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="tree-group__label">
          {props.label}
          {props.sub ? <span className="muted small"> · {props.sub}</span> : null}
        </span>
        <Counts cams={props.cams} />
      </button>
      {open ? <ul className="tree-list">{props.children}</ul> : null}
    </li>
  );
}

export function CameraTree() {
  const m = useMessages();
  const lang = useLang();
  const [query, setQuery] = useState('');
  const [tree, setTree] = useState<CameraTreeUnit[] | null>(null);
  // bumped when main pushes a camera or health change: the tree is fetched again
  const [version, setVersion] = useState(0);
  usePush(['cameras', 'camera.health'], () => setVersion((v) => v + 1));

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const q = query.trim();
        // through the store's wall actions (./slice.ts)
        const t = await store.getState().actions.wall.tree(q);
        if (!cancelled) setTree(t);
      } catch {
        // shown as an empty tree; the next pushed change retries
      }
    };
    const debounce = setTimeout(() => void load(), query ? 200 : 0);
    return () => {
      cancelled = true;
      clearTimeout(debounce);
    };
  }, [query, version]);

  const total = tree?.reduce((n, u) => n + u.sites.reduce((k, s) => k + s.zones.reduce((j, z) => j + z.cameras.length, 0), 0), 0) ?? 0;
  const allOf = (u: CameraTreeUnit) => u.sites.flatMap((s) => s.zones.flatMap((z) => z.cameras));

  return (
    <aside className="wall-tree panel" aria-label={m.wall.tree} data-testid="camera-tree">
      <header className="panel__head">
        <h2>{m.wall.tree}</h2>
      </header>
      <div className="wall-tree__search">
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={m.wall.search} aria-label={m.wall.searchLabel} data-testid="camera-search" spellCheck={false} />
      </div>
      <div className="wall-tree__body">
        {tree && total === 0 ? <p className="muted wall-tree__empty">{query.trim() ? m.wall.noMatch : m.wall.noCameras}</p> : null}
        <ul className="tree-list tree-root">
          {(tree ?? []).map((u) => (
            <Group key={u.unitCode} label={u.unitShortName || u.unitName} sub={u.unitCode} cams={allOf(u)} level={0}>
              {u.sites.map((s) => (
                <Group key={s.siteName} label={s.siteName} cams={s.zones.flatMap((z) => z.cameras)} level={1}>
                  {s.zones.map((z) => (
                    <Group key={z.zone} label={z.label[lang]} cams={z.cameras} level={2}>
                      {z.cameras.map((c) => (
                        <CameraRow key={c.id} cam={c} />
                      ))}
                    </Group>
                  ))}
                </Group>
              ))}
            </Group>
          ))}
        </ul>
      </div>
      <p className="wall-tree__hint muted small">{m.wall.treeHint}</p>
    </aside>
  );
}

/**
 * The walls' push topic (docs/architecture.md, "Push"): a named preset was saved or deleted, so
 * every wall page refetches the list, and a wall showing that preset follows its new version
 * (on another machine too: a preset saved on a workstation reaches the wall PCs). Declared in
 * src-main/walls/module.ts.
 */
import { str } from '../push/sources';
import type { TopicSource } from '../push/sources';
import { WALL_PRESET_DELETED_EVENT, WALL_PRESET_SAVED_EVENT } from './events';

const CHANGES = new Set<string>([WALL_PRESET_SAVED_EVENT.type, WALL_PRESET_DELETED_EVENT.type]);

export const wallsSource: TopicSource = () => (ev, p) => (CHANGES.has(ev.type) ? [{ topic: 'walls', data: { name: str(p, 'name') ?? '', type: ev.type } }] : []);

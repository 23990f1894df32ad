/**
 * The store's feature slices, in one list: the store's state, its actions and what signing
 * out resets are all derived from it (./index.ts, ./types.ts). A new feature adds its slice
 * here (and its selectors to `selectors` in ./index.ts).
 *
 * What outlives a sign-out is declared by each slice (`keepOnSignOut`): the app slice keeps the
 * station and link state, the ui slice the language, theme, screen and toasts. Everything
 * else — the shift, logbook, incidents, cameras, wall data and users — returns to its initial
 * state. The wall page's own layout (features/wall/wallStore.ts) is this display's, not the
 * session's, and is not in the store.
 */
import { adminSlice } from '../features/admin/slice';
import { appSlice } from '../features/app/slice';
import { uiSlice } from '../features/app/uiSlice';
import { camerasSlice } from '../features/cameras/slice';
import { incidentsSlice } from '../features/incidents/slice';
import { logbookSlice } from '../features/logbook/slice';
import { shiftSlice } from '../features/shift/slice';
import { wallSlice } from '../features/wall/slice';
import { linkSlice } from '../features/link/slice';

export const SLICES = [appSlice, uiSlice, shiftSlice, logbookSlice, adminSlice, camerasSlice, incidentsSlice, wallSlice, linkSlice] as const;

/**
 * The client: channels as the station answers them. A workstation's or wall's own process
 * (src-main/client/local.ts) answers them itself with its link and outbox; the station's own
 * screens have no link to the station to lose, so here they say so.
 */
import { defineModule } from '../modules/types';

export const clientModule = defineModule({
  name: 'client',
  needs: [],
  provides: [],
  services: () => ({}),
  handlers: {
    'client:status': () => ({ role: 'station' as const }),
    // nothing is refused on the station's own screens: nothing to dismiss
    'client:dismissRefused': () => ({ ok: true as const }),
  },
});

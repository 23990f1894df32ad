/**
 * Push (docs/architecture.md, "Push"): a screen subscribes to topics over its transport and the
 * hub (src-main/push/hub.ts, built by the composition root from every module's topic sources)
 * sends it the frames its roles may see. This module holds the two channels.
 */
import { defineModule } from '../modules/types';

export const pushModule = defineModule({
  name: 'push',
  needs: [],
  provides: [],
  services: () => ({}),
  handlers: {
    // the frames go to the transport's sink of this session
    'push:subscribe': (i, c, s) => s.push.subscribe(c.ctx.sessionId, i.topics, i.fromSeq),
    'push:unsubscribe': (i, c, s) => {
      s.push.unsubscribe(c.ctx.sessionId, i.topics);
      return { ok: true as const };
    },
  },
});

import type { linkVi } from './strings.vi';

/** English strings of the link to the station and the outbox (same shape as strings.vi.ts). */
export const linkEn: typeof linkVi = {
  link: {
    down: (since: string) => `The duty station cannot be reached since ${since} — retrying…`,
    downNow: 'The duty station cannot be reached — retrying…',
    pending: (n: number) => `${n} item(s) not sent yet will be sent when the link is back.`,
    notSent: 'Not sent',
    notSentTitle: 'Not sent — kept on this machine',
    madeAt: (at: string) => `made at ${at}`,
    queuedToast: 'Not sent: kept on this machine, sent automatically once the station can be reached again.',
    refusedTitle: 'Refused',
    refusedHint: 'The duty station did not accept these when they were sent again. Read why, and redo them if needed.',
    dismiss: 'Dismiss',
    amendOf: 'Correction',
  },
};

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
    what: {
      'incidents:amend': 'Incident details changed',
      'incidents:classify': 'Incident classified',
      'incidents:immediateStep': 'Immediate step',
      'incidents:propose': 'Proposal',
      'incidents:decide': 'Leader’s decision',
      'incidents:recordDgDecision': 'Director General’s decision recorded',
      'incidents:close': 'Incident closed',
      'directions:issue': 'Direction issued',
      'directions:acknowledge': 'Direction acknowledged',
      'directions:result': 'Direction result reported',
    } as Record<string, string>,
  },
  role: {
    title: 'What is this machine for?',
    intro: 'Chosen once at installation; an administrator can change it later.',
    station: 'Duty station (the room’s server)',
    stationText:
      'The machine that holds the duty room’s database: the logbook, incidents, accounts, cameras and the video engine. A room has exactly one station; its workstations and wall PCs join it over the local network. Put it on a machine that stays on (it can run as a service).',
    workstation: 'Workstation',
    workstationText:
      'An officer’s machine (shift leader, leader, office, surveillance): the full interface for the signed-in officer’s roles. It keeps none of the room’s data: everything goes to the station; while the link is down, what is typed is kept on the machine and sent by itself when the link is back.',
    wall: 'Video wall',
    wallText:
      'The PC driving a wall of camera screens: the video wall and its saved layouts only, no logbook. It never idle-locks and keeps its pictures when an officer signs out.',
    choose: 'Choose',
    back: 'Back',
    pairTitle: (role: string) => `Connect this ${role} to the duty station`,
    pairIntro: 'On the station, an administrator chooses “Add a workstation” to get a one-time pairing code (valid 10 minutes). Enter the station’s address and that code.',
    address: 'Station address',
    addressHint: 'For example: https://192.168.1.10:8443',
    code: 'Pairing code',
    codeHint: 'Like ABCD-EFGH-JKMN',
    pair: 'Pair',
    pairing: 'Pairing…',
    pairedTitle: 'Paired',
    paired: (name: string, station: string) => `“${name}” is paired with station ${station}.`,
    fingerprint: 'Station certificate fingerprint (compare with the one shown on the station):',
    restart: 'Restart the app on this machine to connect to the station (browser mode: run “trucban client”).',
  },
};

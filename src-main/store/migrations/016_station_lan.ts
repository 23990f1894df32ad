// Migration 16: a partial index of `station.lan_set` (LAN access as a station setting), so the
// start-up check of the security projections (src-main/store/projection-check.ts) replays the
// setting without scanning the journal: which addresses the station opens to the LAN is as
// security-relevant as who may sign in.
export default `
CREATE INDEX events_station_lan ON events (seq) WHERE type IN ('station.lan_set');
`;

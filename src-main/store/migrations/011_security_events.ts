// Migration 11: an index of the events the security projections come from (users, station), so
// the start-up check replays them without scanning the whole journal (docs/security.md, “Verify”).
// Partial: only these rare events pay for it on append. The list must stay identical to
// SECURITY_EVENT_TYPES in src-main/store/projection-check.ts, or the planner cannot use it.
export default `
CREATE INDEX events_security ON events (seq)
  WHERE type IN ('user.created', 'user.updated', 'user.admin_recovered', 'station.set_up', 'station.updated');
`;

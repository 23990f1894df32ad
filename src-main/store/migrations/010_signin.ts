// Migration 10: sign-in hardening (docs/security.md, “Sign-in and accounts”).
// - credentials.must_change: the password is temporary (printed by `trucban init`, set by an
//   administrator, or by `trucban admin reset`) and must be replaced at the first sign-in.
// - signin_attempts: the failure counter and lockout per login *as typed*, for existing and
//   unknown logins alike, so a lockout or a "tries left" count does not reveal which logins
//   exist. It replaces credentials.failed_count / locked_until (kept, no longer used);
//   counters in progress are carried over. Local secrets: never journaled, never synced.
export default `
ALTER TABLE credentials ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;

CREATE TABLE signin_attempts (
  login        TEXT PRIMARY KEY,         -- lower-cased, as typed (may name no account)
  failed_count INTEGER NOT NULL,         -- attempts counted before their check, since the last success
  locked_until INTEGER NOT NULL DEFAULT 0,
  last_at      INTEGER NOT NULL          -- time of the last counted attempt
) STRICT;
CREATE INDEX signin_attempts_last_at ON signin_attempts (last_at);

INSERT INTO signin_attempts (login, failed_count, locked_until, last_at)
  SELECT u.login, c.failed_count, c.locked_until, c.changed_at
    FROM credentials c JOIN users u ON u.user_id = c.user_id
   WHERE c.failed_count > 0 OR c.locked_until > 0;
`;

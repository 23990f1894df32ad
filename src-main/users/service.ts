import { randomUUID } from 'node:crypto';
import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import { on, projector } from '../journal/events';
import type { PayloadOf } from '../journal/events';
import { USER_ADMIN_RECOVERED_EVENT, USER_CREATED_EVENT, USER_UPDATED_EVENT } from './events';
import type { User } from '../../src-shared/domain/org';
import type { Role, Team } from '../../src-shared/domain/roles';
import { AppError } from '../../src-shared/errors';
import { dummyHash, generateTemporaryPassword, hashPassword, verifyPassword } from './password';

export const USER_CREATED = USER_CREATED_EVENT.type;
export const USER_UPDATED = USER_UPDATED_EVENT.type;
/** `trucban admin reset`: a new temporary password, unlocked, made an active admin (from the CLI). */
export const USER_ADMIN_RECOVERED = USER_ADMIN_RECOVERED_EVENT.type;

/**
 * Sign-in attempts counted per login before it is locked, and for how long. A counter that
 * sees no attempt for LOCKOUT_MS starts again from zero.
 */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
/** Password checks (scrypt) in flight at once for one login; more are answered `signin_busy`. */
export const MAX_CONCURRENT_SIGNINS = 2;

type UserChanges = Partial<{ fullName: string; title: string; roles: Role[]; team: Team | null; active: boolean }>;

interface UserRow {
  user_id: string;
  login: string;
  full_name: string;
  title: string;
  roles: string;
  team: string | null;
  active: number;
}

const toUser = (r: UserRow): User => ({
  id: r.user_id,
  login: r.login,
  fullName: r.full_name,
  title: r.title,
  roles: JSON.parse(r.roles) as Role[],
  team: (r.team as Team | null) ?? null,
  active: r.active === 1,
});

export interface NewUser {
  login: string;
  fullName: string;
  title?: string;
  roles: Role[];
  team?: Team | null;
  password: string;
}

export interface PasswordOptions {
  /**
   * The password is temporary (set by someone else: an administrator, `trucban init`): the
   * user must replace it at the first sign-in before anything else is allowed.
   */
  temporary?: boolean;
}

export interface SignIn {
  user: User;
  /** The password is temporary: only the password change (and sign-out) is allowed. */
  mustChangePassword: boolean;
}

/** Public user data is journaled (it syncs); credentials are local secrets and never are. */
export function usersProjector(db: DB) {
  const ins = db.prepare('INSERT INTO users (user_id, login, full_name, title, roles, team, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)');
  const change = (p: PayloadOf<typeof USER_UPDATED_EVENT>) => {
      const c = p.changes;
      if (c.fullName !== undefined) db.prepare('UPDATE users SET full_name = ? WHERE user_id = ?').run(c.fullName, p.userId);
      if (c.title !== undefined) db.prepare('UPDATE users SET title = ? WHERE user_id = ?').run(c.title, p.userId);
      if (c.roles !== undefined) db.prepare('UPDATE users SET roles = ? WHERE user_id = ?').run(JSON.stringify(c.roles), p.userId);
      if (c.team !== undefined) db.prepare('UPDATE users SET team = ? WHERE user_id = ?').run(c.team, p.userId);
      if (c.active !== undefined) db.prepare('UPDATE users SET active = ? WHERE user_id = ?').run(c.active ? 1 : 0, p.userId);
  };
  return projector(
    on(USER_CREATED_EVENT, (p, ev) => {
      ins.run(p.userId, p.login, p.fullName, p.title, JSON.stringify(p.roles), p.team, ev.recordedAt);
    }),
    on(USER_UPDATED_EVENT, change),
    on(USER_ADMIN_RECOVERED_EVENT, change),
  );
}

export class UserService {
  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
  ) {}

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY full_name').all() as UserRow[]).map(toUser);
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM users').pluck().get() as number;
  }

  byLogin(login: string): User | null {
    const r = this.db.prepare('SELECT * FROM users WHERE login = ?').get(login.toLowerCase()) as UserRow | undefined;
    return r ? toUser(r) : null;
  }

  byId(id: string): User | null {
    const r = this.db.prepare('SELECT * FROM users WHERE user_id = ?').get(id) as UserRow | undefined;
    return r ? toUser(r) : null;
  }

  /** Creates a user. A password set by someone else should be `temporary` (see PasswordOptions). */
  async create(u: NewUser, actor: string, opts: PasswordOptions = {}): Promise<User> {
    const login = u.login.toLowerCase();
    if (this.byLogin(login)) throw new AppError('conflict', `login ${login} already exists`, { field: 'login', params: { login } });
    const hash = await hashPassword(u.password);
    return this.journal.tx(() => this.createInTx(u, hash, actor, opts));
  }

  /**
   * Creates a user from a password hashed beforehand, inside the caller's journal transaction
   * (first-run setup writes station, catalog and administrator atomically).
   */
  createInTx(u: Omit<NewUser, 'password'>, passwordHash: string, actor: string, opts: PasswordOptions = {}): User {
    const login = u.login.toLowerCase();
    if (this.byLogin(login)) throw new AppError('conflict', `login ${login} already exists`, { field: 'login', params: { login } });
    const userId = randomUUID();
    this.journal.appendInTx({
      type: USER_CREATED,
      actor,
      payload: { userId, login, fullName: u.fullName, title: u.title ?? '', roles: u.roles, team: u.team ?? null },
    });
    this.db
      .prepare('INSERT INTO credentials (user_id, password_hash, changed_at, must_change) VALUES (?, ?, ?, ?)')
      .run(userId, passwordHash, this.journal.now(), opts.temporary ? 1 : 0);
    this.clearAttempts(login);
    return this.byId(userId)!;
  }

  /**
   * users:update by a signed-in administrator: nobody deactivates their own account, and a
   * password set for someone else is temporary (changed at that user's first sign-in).
   */
  updateBy(by: Pick<User, 'id' | 'login'>, id: string, changes: UserChanges & { password?: string }): Promise<User> {
    if (id === by.id && changes.active === false) {
      throw new AppError('invalid_input', 'you cannot deactivate your own account', { field: 'active' });
    }
    return this.update(id, changes, by.login, { temporary: changes.password !== undefined && id !== by.id });
  }

  async update(
    id: string,
    changes: UserChanges & { password?: string },
    actor: string,
    opts: PasswordOptions = {},
  ): Promise<User> {
    if (!this.byId(id)) throw new AppError('not_found', `user ${id} not found`, { field: 'id' });
    const { password, ...pub } = changes;
    const hash = password ? await hashPassword(password) : null;
    this.journal.tx(() => {
      // read again inside the transaction: the hash was awaited, and the admin check must see
      // the state it writes over
      const user = this.byId(id);
      if (!user) throw new AppError('not_found', `user ${id} not found`, { field: 'id' });
      const clean = Object.fromEntries(Object.entries(pub).filter(([, v]) => v !== undefined)) as UserChanges;
      this.assertAdminRemains(user, clean);
      if (Object.keys(clean).length > 0 || hash) {
        this.journal.appendInTx({ type: USER_UPDATED, actor, payload: { userId: id, changes: clean, passwordChanged: hash !== null } });
      }
      if (hash) {
        this.db
          .prepare('UPDATE credentials SET password_hash = ?, must_change = ?, failed_count = 0, locked_until = 0, changed_at = ? WHERE user_id = ?')
          .run(hash, opts.temporary ? 1 : 0, this.journal.now(), id);
        this.clearAttempts(user.login);
      }
    });
    return this.byId(id)!;
  }

  /** Active administrators, optionally not counting one user. */
  private activeAdmins(exceptId?: string): number {
    return this.list().filter((u) => u.active && u.roles.includes('admin') && u.id !== exceptId).length;
  }

  /**
   * Refuses a change that would leave the station without an active administrator (removing
   * the admin role from, or deactivating, the last one — oneself included): nobody could then
   * manage accounts. `trucban admin reset` is the way back for a lost password.
   */
  private assertAdminRemains(user: User, changes: UserChanges): void {
    if (!user.active || !user.roles.includes('admin')) return;
    const losesAdmin = changes.active === false || (changes.roles !== undefined && !changes.roles.includes('admin'));
    if (losesAdmin && this.activeAdmins(user.id) === 0) {
      throw new AppError('last_admin', `${user.login} is the last active administrator`, {
        field: changes.active === false ? 'active' : 'roles',
        params: { login: user.login },
      });
    }
  }

  /**
   * Recovery for a station whose administrator password is lost (`trucban --db FILE admin
   * reset --login LOGIN`, which needs the database file itself): a new temporary password
   * (returned once, never stored in clear), the login unlocked, the account made an active
   * administrator. Journaled as USER_ADMIN_RECOVERED, naming the OS user and host that ran it.
   */
  async recoverAdmin(login: string, ranBy: { osUser: string; host: string }): Promise<{ user: User; password: string }> {
    const password = generateTemporaryPassword();
    const hash = await hashPassword(password);
    const user = this.journal.tx(() => {
      const u = this.byLogin(login);
      if (!u) throw new AppError('not_found', `no user ${login}`, { field: 'login', params: { login } });
      const changes: UserChanges = {};
      if (!u.active) changes.active = true;
      if (!u.roles.includes('admin')) changes.roles = [...u.roles, 'admin'];
      this.journal.appendInTx({
        type: USER_ADMIN_RECOVERED,
        actor: `cli:${ranBy.osUser}`,
        payload: { userId: u.id, login: u.login, changes, via: 'cli', osUser: ranBy.osUser, host: ranBy.host, passwordChanged: true },
      });
      this.db
        .prepare(
          `INSERT INTO credentials (user_id, password_hash, changed_at, must_change) VALUES (?, ?, ?, 1)
           ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, changed_at = excluded.changed_at,
             must_change = 1, failed_count = 0, locked_until = 0`,
        )
        .run(u.id, hash, this.journal.now());
      this.clearAttempts(u.login);
      return this.byId(u.id)!;
    });
    return { user, password };
  }

  private clearAttempts(login: string): void {
    this.db.prepare('DELETE FROM signin_attempts WHERE login = ?').run(login.toLowerCase());
  }

  /** Password checks in flight per login (in memory: they end with this process). */
  private readonly inFlight = new Map<string, number>();

  /**
   * Counts one attempt for `login` before its password is checked, atomically with the lockout
   * decision (one IMMEDIATE transaction), so parallel guesses cannot overwrite each other's
   * count. Throws `locked_out` when the login is locked. Returns the attempt's number.
   */
  private countAttempt(login: string, now: number): number {
    return this.journal.tx(() => {
      const row = this.db.prepare('SELECT failed_count, locked_until, last_at FROM signin_attempts WHERE login = ?').get(login) as
        | { failed_count: number; locked_until: number; last_at: number }
        | undefined;
      if (row && row.locked_until > now) {
        throw new AppError('locked_out', 'account locked after repeated failed sign-ins', {
          params: { minutes: Math.ceil((row.locked_until - now) / 60_000) },
        });
      }
      // a lockout that has ended, or a counter idle for LOCKOUT_MS, starts again
      const fresh = !row || row.locked_until > 0 || now - row.last_at >= LOCKOUT_MS;
      const count = (fresh ? 0 : row.failed_count) + 1;
      const lockedUntil = count >= MAX_FAILED_LOGINS ? now + LOCKOUT_MS : 0;
      this.db
        .prepare(
          `INSERT INTO signin_attempts (login, failed_count, locked_until, last_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (login) DO UPDATE SET failed_count = excluded.failed_count, locked_until = excluded.locked_until, last_at = excluded.last_at`,
        )
        .run(login, count, lockedUntil, now);
      // counters nobody has touched for a lockout period are over: keep the table small
      this.db.prepare('DELETE FROM signin_attempts WHERE last_at < ? AND locked_until <= ?').run(now - LOCKOUT_MS, now);
      return count;
    });
  }

  /**
   * Checks a password. Every attempt is counted before the (slow) check: after
   * MAX_FAILED_LOGINS attempts without a success the login is locked for LOCKOUT_MS (also
   * against the right password), and at most MAX_CONCURRENT_SIGNINS checks run at once per
   * login. A login without an active account takes the same path — same count, lockout, scrypt
   * work and answers — so nothing tells it apart from a wrong password.
   */
  async authenticate(login: string, password: string): Promise<SignIn> {
    const key = login.normalize('NFC').toLowerCase();
    const dummy = dummyHash(); // made on the first call of any path, so that call costs the same for all
    const running = this.inFlight.get(key) ?? 0;
    if (running >= MAX_CONCURRENT_SIGNINS) throw new AppError('signin_busy', 'another sign-in for this login is being checked');
    this.inFlight.set(key, running + 1);
    try {
      const now = this.journal.now();
      const attempt = this.countAttempt(key, now);
      const user = this.byLogin(key);
      const cred =
        user && user.active
          ? (this.db.prepare('SELECT password_hash, must_change FROM credentials WHERE user_id = ?').get(user.id) as
              | { password_hash: string; must_change: number }
              | undefined)
          : undefined;
      // every path waits for the dummy (ready after the first call) and runs one scrypt
      const fallback = await dummy;
      const ok = await verifyPassword(password, cred?.password_hash ?? fallback);
      if (ok && user && cred) {
        this.clearAttempts(key);
        return { user, mustChangePassword: cred.must_change === 1 };
      }
      if (attempt >= MAX_FAILED_LOGINS) {
        throw new AppError('locked_out', 'account locked after repeated failed sign-ins', { params: { minutes: LOCKOUT_MS / 60_000 } });
      }
      throw new AppError('bad_credentials', 'wrong login or password', { params: { left: MAX_FAILED_LOGINS - attempt } });
    } finally {
      const n = (this.inFlight.get(key) ?? 1) - 1;
      if (n > 0) this.inFlight.set(key, n);
      else this.inFlight.delete(key);
    }
  }
}

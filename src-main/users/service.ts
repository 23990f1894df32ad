import { randomUUID } from 'node:crypto';
import type { DB } from '../store/db';
import type { Journal, StoredEvent } from '../journal/journal';
import type { User } from '../../src-shared/domain/org';
import type { Role, Team } from '../../src-shared/domain/roles';
import { AppError } from '../../src-shared/errors';
import { hashPassword, verifyPassword } from './password';

export const USER_CREATED = 'user.created';
export const USER_UPDATED = 'user.updated';

/** Failed sign-ins before an account is locked, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

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

/** Public user data is journaled (it syncs); credentials are local secrets and never are. */
export function usersProjector(db: DB) {
  const ins = db.prepare('INSERT INTO users (user_id, login, full_name, title, roles, team, active, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)');
  return (ev: StoredEvent) => {
    if (ev.type === USER_CREATED) {
      const p = JSON.parse(ev.payload) as { userId: string; login: string; fullName: string; title: string; roles: Role[]; team: Team | null };
      ins.run(p.userId, p.login, p.fullName, p.title, JSON.stringify(p.roles), p.team, ev.recordedAt);
    } else if (ev.type === USER_UPDATED) {
      const p = JSON.parse(ev.payload) as { userId: string; changes: Partial<{ fullName: string; title: string; roles: Role[]; team: Team | null; active: boolean }> };
      const c = p.changes;
      if (c.fullName !== undefined) db.prepare('UPDATE users SET full_name = ? WHERE user_id = ?').run(c.fullName, p.userId);
      if (c.title !== undefined) db.prepare('UPDATE users SET title = ? WHERE user_id = ?').run(c.title, p.userId);
      if (c.roles !== undefined) db.prepare('UPDATE users SET roles = ? WHERE user_id = ?').run(JSON.stringify(c.roles), p.userId);
      if (c.team !== undefined) db.prepare('UPDATE users SET team = ? WHERE user_id = ?').run(c.team, p.userId);
      if (c.active !== undefined) db.prepare('UPDATE users SET active = ? WHERE user_id = ?').run(c.active ? 1 : 0, p.userId);
    }
  };
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

  async create(u: NewUser, actor: string): Promise<User> {
    const login = u.login.toLowerCase();
    if (this.byLogin(login)) throw new AppError('conflict', `login ${login} already exists`, { field: 'login', params: { login } });
    const hash = await hashPassword(u.password);
    const userId = randomUUID();
    this.journal.tx(() => {
        this.journal.appendInTx({
          type: USER_CREATED,
          actor,
          payload: { userId, login, fullName: u.fullName, title: u.title ?? '', roles: u.roles, team: u.team ?? null },
        });
        this.db.prepare('INSERT INTO credentials (user_id, password_hash, changed_at) VALUES (?, ?, ?)').run(userId, hash, this.journal.now());
      });
    return this.byId(userId)!;
  }

  async update(
    id: string,
    changes: Partial<{ fullName: string; title: string; roles: Role[]; team: Team | null; active: boolean; password: string }>,
    actor: string,
  ): Promise<User> {
    const user = this.byId(id);
    if (!user) throw new AppError('not_found', `user ${id} not found`, { field: 'id' });
    const { password, ...pub } = changes;
    const hash = password ? await hashPassword(password) : null;
    this.journal.tx(() => {
        const clean = Object.fromEntries(Object.entries(pub).filter(([, v]) => v !== undefined));
        if (Object.keys(clean).length > 0 || hash) {
          this.journal.appendInTx({ type: USER_UPDATED, actor, payload: { userId: id, changes: clean, passwordChanged: hash !== null } });
        }
        if (hash) {
          this.db.prepare('UPDATE credentials SET password_hash = ?, failed_count = 0, locked_until = 0, changed_at = ? WHERE user_id = ?').run(hash, this.journal.now(), id);
        }
      });
    return this.byId(id)!;
  }

  /**
   * Checks a password. After MAX_FAILED_LOGINS failures in a row the account is locked for
   * LOCKOUT_MS (also against the right password), so a guessed password gains nothing.
   */
  async authenticate(login: string, password: string): Promise<User> {
    const user = this.byLogin(login);
    const now = this.journal.now();
    if (!user || !user.active) {
      // same work as a real check, so timing does not reveal which logins exist
      await verifyPassword(password, 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
      throw new AppError('bad_credentials', 'wrong login or password');
    }
    const cred = this.db.prepare('SELECT password_hash, failed_count, locked_until FROM credentials WHERE user_id = ?').get(user.id) as
      | { password_hash: string; failed_count: number; locked_until: number }
      | undefined;
    if (!cred) throw new AppError('bad_credentials', 'wrong login or password');
    if (cred.locked_until > now) {
      throw new AppError('locked_out', 'account locked after repeated failed sign-ins', {
        params: { minutes: Math.ceil((cred.locked_until - now) / 60_000) },
      });
    }
    const ok = await verifyPassword(password, cred.password_hash);
    if (!ok) {
      const failed = cred.failed_count + 1;
      const lock = failed >= MAX_FAILED_LOGINS ? now + LOCKOUT_MS : 0;
      this.db.prepare('UPDATE credentials SET failed_count = ?, locked_until = ? WHERE user_id = ?').run(lock ? 0 : failed, lock, user.id);
      if (lock) throw new AppError('locked_out', 'account locked after repeated failed sign-ins', { params: { minutes: LOCKOUT_MS / 60_000 } });
      throw new AppError('bad_credentials', 'wrong login or password', { params: { left: MAX_FAILED_LOGINS - failed } });
    }
    if (cred.failed_count > 0) this.db.prepare('UPDATE credentials SET failed_count = 0 WHERE user_id = ?').run(user.id);
    return user;
  }
}

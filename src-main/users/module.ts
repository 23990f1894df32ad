/** Users, their roles, passwords (local secrets) and sign-in; the session handlers. */
import { defineModule } from '../modules/types';
import type { Call } from '../modules/types';
import { actor, me } from '../modules/call';
import { AppError } from '../../src-shared/errors';
import { UserService, usersProjector } from './service';
import m010 from '../store/migrations/010_signin';
import { USERS_EVENTS } from './events';

declare module '../modules/types' {
  interface Services {
    users: UserService;
  }
}

/** One password check at a time per session (a second one is answered at once, `signin_busy`). */
export async function checkPassword(c: Call, users: UserService, login: string, password: string) {
  if (c.session.checkingPassword) throw new AppError('signin_busy', 'a sign-in of this session is being checked');
  c.session.checkingPassword = true;
  try {
    return await users.authenticate(login, password);
  } finally {
    c.session.checkingPassword = false;
  }
}

export const usersModule = defineModule({
  name: 'users',
  events: USERS_EVENTS,
  needs: [],
  provides: ['users'],
  migrations: [{ version: 10, name: 'signin', sql: m010 }],
  projections: ['users'],
  localTables: ['credentials', 'signin_attempts'],
  // a forged account's password would otherwise break the foreign keys and outlive the forgery
  afterRebuild: (db) => db.prepare('DELETE FROM credentials WHERE user_id NOT IN (SELECT user_id FROM users)').run().changes,
  services: ({ db, journal }) => ({ users: new UserService(db, journal) }),
  projectors: ({ db }) => [usersProjector(db)],
  handlers: {
    'auth:login': async (i, c, s) => {
      const { user, mustChangePassword } = await checkPassword(c, s.users, i.login, i.password);
      c.session.userId = user.id;
      c.session.locked = false;
      c.session.mustChangePassword = mustChangePassword;
      c.session.lastActive = s.clock.now();
      return { user, locked: false, mustChangePassword };
    },
    'auth:logout': (_i, c) => {
      c.session.userId = null;
      c.session.locked = false;
      c.session.mustChangePassword = false;
      return { ok: true as const };
    },
    'auth:lock': (_i, c) => {
      c.session.locked = true;
      return { user: c.user!, locked: true, mustChangePassword: c.session.mustChangePassword === true };
    },
    'auth:unlock': async (i, c, s) => {
      if (!c.session.userId) throw new AppError('not_authenticated', 'sign in first');
      const user = s.users.byId(c.session.userId);
      if (!user) throw new AppError('not_authenticated', 'sign in first');
      await checkPassword(c, s.users, user.login, i.password);
      c.session.locked = false;
      c.session.lastActive = s.clock.now();
      return { user, locked: false, mustChangePassword: c.session.mustChangePassword === true };
    },
    'users:list': (_i, _c, s) => s.users.list(),
    // a password an administrator sets for someone else is temporary: changed at first sign-in
    'users:create': (i, c, s) => s.users.create(i, actor(c), { temporary: true }),
    'users:update': (i, c, s) => {
      const { id, ...changes } = i;
      return s.users.updateBy(me(c), id, changes);
    },
    'users:changePassword': async (i, c, s) => {
      const me = c.user!;
      if (i.next.normalize('NFC') === i.current.normalize('NFC')) {
        throw new AppError('password_reused', 'the new password must differ from the current one', { field: 'next' });
      }
      await checkPassword(c, s.users, me.login, i.current);
      await s.users.update(me.id, { password: i.next }, me.login);
      c.session.mustChangePassword = false;
      return { ok: true as const };
    },
  },
});

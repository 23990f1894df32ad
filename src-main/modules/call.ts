import type { User } from '../../src-shared/domain/org';
import { AppError } from '../../src-shared/errors';
import type { Call } from './types';

/** The signed-in user's login, as the journal's actor. */
export function actor(c: Call): string {
  if (!c.user) throw new AppError('not_authenticated', 'sign in first');
  return c.user.login;
}

/** The signed-in user as the workflow's actor (login, name, roles). */
export function me(c: Call): User {
  if (!c.user) throw new AppError('not_authenticated', 'sign in first');
  return c.user;
}

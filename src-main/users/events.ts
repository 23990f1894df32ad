/** Journal events of user accounts (public data only: credentials are never journaled). */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';
import { ROLES, TEAMS } from '../../src-shared/domain/roles';

const changes = ev.obj({
  fullName: z.string().optional(),
  title: z.string().optional(),
  roles: z.array(z.enum(ROLES)).optional(),
  team: z.enum(TEAMS).nullable().optional(),
  active: z.boolean().optional(),
});

export const USER_CREATED_EVENT = defineEvent(
  'user.created',
  ev.obj({ userId: z.string(), login: z.string(), fullName: z.string(), title: z.string(), roles: z.array(z.enum(ROLES)), team: z.enum(TEAMS).nullable() }),
);

/** `passwordChanged` was added with sign-in hardening; older builds did not write it. */
export const USER_UPDATED_EVENT = defineEvent('user.updated', ev.obj({ userId: z.string(), changes, passwordChanged: z.boolean().optional() }));

/** `trucban admin reset`: who ran it, where. */
export const USER_ADMIN_RECOVERED_EVENT = defineEvent(
  'user.admin_recovered',
  ev.obj({ userId: z.string(), login: z.string().optional(), changes, via: z.string().optional(), osUser: z.string().optional(), host: z.string().optional(), passwordChanged: z.boolean().optional() }),
);

export const USERS_EVENTS = [USER_CREATED_EVENT, USER_UPDATED_EVENT, USER_ADMIN_RECOVERED_EVENT];

/** The users: channels — local accounts and one's own password. */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import type { User } from '../domain/org';

export const usersChannels = {
  'users:list': channel<User[]>()({ input: z.object({}), access: 'user', description: 'Local user accounts.' }),
  'users:create': channel<User>()({
    input: z.object({
      login: s.login,
      fullName: s.nonEmptyText(200),
      title: s.text(200).default(''),
      roles: z.array(s.role).min(1).max(7),
      team: s.team.nullable().default(null),
      password: s.password,
    }),
    access: ['admin'],
    description: 'Create a local user.',
  }),
  'users:update': channel<User>()({
    input: z.object({
      id: s.id,
      fullName: s.nonEmptyText(200).optional(),
      title: s.text(200).optional(),
      roles: z.array(s.role).min(1).max(7).optional(),
      team: s.team.nullable().optional(),
      active: z.boolean().optional(),
      password: s.password.optional(),
    }),
    access: ['admin'],
    description: 'Change a user (roles, team, active, password).',
  }),
  'users:changePassword': channel<{ ok: true }>()({
    input: z.object({ current: z.string().min(1).max(256), next: s.password }),
    access: 'user',
    description: 'Change one’s own password.',
  }),
} satisfies Record<string, AnyChannel>;

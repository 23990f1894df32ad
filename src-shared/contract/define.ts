import type { z } from 'zod';
import type { Role } from '../domain/roles';

/**
 * Who may call a channel: 'public' (no session — login, status, first-run setup),
 * 'user' (any signed-in, unlocked user), or a list of roles (any one suffices).
 */
export type Access = 'public' | 'user' | readonly Role[];

export interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Human description, listed by `trucban call --list`. */
  description: string;
  /** Phantom marker for the response type; never read at run time. */
  readonly _out?: O;
}

export function channel<O>() {
  return <I extends z.ZodType>(def: { input: I; access: Access; description: string }): ChannelDef<I, O> => def;
}

export type AnyChannel = ChannelDef<z.ZodType, unknown>;

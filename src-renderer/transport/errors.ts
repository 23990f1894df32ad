import type { AppErrorData, ErrorCode } from '../../src-shared/errors';
import { isAppErrorData } from '../../src-shared/errors';

/**
 * Why a call failed on the way to main rather than inside it. `null` for application errors
 * (main answered `{ ok: false, error }`).
 */
export type TransportFailure = 'disconnected' | 'no_token' | 'bridge';

/**
 * The one error type `invoke` throws. `data` is the AppErrorData main sent (or, for a broken
 * link, a synthesised one with code `internal` and `transport` set) so the UI always has a
 * code to translate and, for validation errors, the `field` to show the message next to.
 */
export class ClientError extends Error {
  readonly data: AppErrorData;
  readonly transport: TransportFailure | null;

  constructor(data: AppErrorData, transport: TransportFailure | null = null) {
    super(data.message);
    this.name = 'ClientError';
    this.data = data;
    this.transport = transport;
  }

  get code(): ErrorCode {
    return this.data.code;
  }

  get field(): string | undefined {
    return this.data.field;
  }

  static transportFailure(kind: TransportFailure, message: string): ClientError {
    return new ClientError({ code: kind === 'disconnected' ? 'unavailable' : 'internal', message }, kind);
  }
}

/** Any thrown value as a ClientError (unknown failures become `internal`). */
export function toClientError(e: unknown): ClientError {
  if (e instanceof ClientError) return e;
  if (isAppErrorData(e)) return new ClientError(e);
  const message = e instanceof Error ? e.message : String(e);
  return new ClientError({ code: 'internal', message });
}

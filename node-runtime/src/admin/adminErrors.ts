/**
 * The console's errors. Inside node-runtime they are AdminError (a ChatError with a contract
 * code); at the IPC/HTTP boundary every error becomes a plain SerializedAdminError, never a stack.
 */
import type { AdminErrorCode, SerializedAdminError } from '../../contract/index.js';
import { ChatError } from '../common/errors.js';

export class AdminError extends ChatError {
  override readonly name = 'AdminError';
  constructor(
    override readonly code: AdminErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * AdminError keeps its code; another ChatError was raised on purpose by a backend (e.g. Consul
 * unreachable) and is NOT_AVAILABLE with its own message; anything else is INTERNAL.
 */
export function toSerializedAdminError(error: unknown, method: string): SerializedAdminError {
  if (error instanceof AdminError) return { code: error.code, message: error.message };
  if (error instanceof ChatError) return { code: 'NOT_AVAILABLE', message: error.message };
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `${method} failed inside the console: ${detail.split('\n')[0] ?? ''}` };
}

/** HTTP status for an error code (the web console's /api/call answers). */
export function httpStatusOf(code: AdminErrorCode): number {
  switch (code) {
    case 'BAD_ARGUMENT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'READ_ONLY':
    case 'FORBIDDEN_ORIGIN':
      return 403;
    case 'UNKNOWN_METHOD':
    case 'NOT_FOUND':
      return 404;
    case 'NOT_AVAILABLE':
      return 409;
    case 'INTERNAL':
      return 500;
  }
}

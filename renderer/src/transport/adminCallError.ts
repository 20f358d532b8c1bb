import { isSerializedAdminError, type AdminErrorCode, type SerializedAdminError } from '../../../node-runtime/contract/index.js';

/** A failed admin call as the renderer sees it, whichever transport carried it. */
export class AdminCallError extends Error {
  override readonly name = 'AdminCallError';

  constructor(
    readonly code: AdminErrorCode,
    message: string,
    /** HTTP status when the call went over HTTP. */
    readonly status: number | null = null,
  ) {
    super(message);
  }

  toJSON(): SerializedAdminError {
    return { code: this.code, message: this.message };
  }
}

/** Any rejection → the plain `{code, message}` the store keeps and the UI shows. */
export function toSerializedError(error: unknown): SerializedAdminError {
  if (error instanceof AdminCallError) return error.toJSON();
  if (isSerializedAdminError(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message };
  return { code: 'INTERNAL', message: String(error) };
}

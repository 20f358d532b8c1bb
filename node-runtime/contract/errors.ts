/** Errors cross IPC and HTTP as plain data. */
export type AdminErrorCode =
  | 'UNKNOWN_METHOD'
  | 'BAD_ARGUMENT'
  | 'READ_ONLY'
  | 'NOT_AVAILABLE'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN_ORIGIN'
  | 'INTERNAL';

export interface SerializedAdminError {
  code: AdminErrorCode;
  message: string;
}

export function isSerializedAdminError(value: unknown): value is SerializedAdminError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * How an admin call's outcome crosses IPC from main to the preload. Main never throws across
 * ipcMain.handle (Electron would log every rejected call and flatten the error into a string);
 * it answers with this envelope, and the preload turns a failure into a rejection.
 */
import { isSerializedAdminError, type SerializedAdminError } from '../../node-runtime/contract/index.js';

export type AdminIpcReply = { ok: true; value: unknown } | { ok: false; error: SerializedAdminError };

export function isAdminIpcReply(value: unknown): value is AdminIpcReply {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as { ok?: unknown; value?: unknown; error?: unknown };
  return (reply.ok === true && 'value' in reply) || (reply.ok === false && isSerializedAdminError(reply.error));
}

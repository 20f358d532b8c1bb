/**
 * The ONE dispatcher of the admin API, shared by Electron's IPC handlers and the web console's
 * HTTP endpoint: allowlist (ADMIN_METHODS), read-only, argument shape, then the handler. Whatever
 * goes wrong, the caller gets a plain SerializedAdminError `{code, message}` (never a stack).
 */
import { isAdminMethod, MUTATING_METHODS, type AdminMethodName, type AdminMethods, type SerializedAdminError } from '../../contract/index.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { validateAdminArgument } from './adminArguments.js';
import { AdminError, toSerializedAdminError } from './adminErrors.js';

/** One async handler per method of the contract (AdminService implements it). */
export type AdminHandlers = { [M in AdminMethodName]: (arg: AdminMethods[M][0]) => Promise<AdminMethods[M][1]> };

/** Resolves with the method's JSON result; rejects with a SerializedAdminError (a plain object). */
export type AdminDispatcher = (method: string, arg: unknown) => Promise<unknown>;

export type AdminCallOutcome = { ok: true; value: unknown } | { ok: false; error: SerializedAdminError };

export interface AdminDispatcherOptions {
  readOnly: boolean;
  /** Unexpected (INTERNAL) errors are logged here with their stack. */
  logger?: Logger;
}

export function createAdminDispatcher(handlers: AdminHandlers, options: AdminDispatcherOptions): AdminDispatcher {
  const logger = options.logger ?? silentLogger;
  return async (method, arg) => {
    const name = typeof method === 'string' ? method.slice(0, 64) : String(method);
    try {
      if (!isAdminMethod(method)) throw new AdminError('UNKNOWN_METHOD', `unknown admin method "${name}"`);
      if (options.readOnly && MUTATING_METHODS.includes(method)) {
        throw new AdminError('READ_ONLY', `${method} changes the cluster and this console runs with --read-only`);
      }
      const checked = validateAdminArgument(method, arg);
      const handler = handlers[method] as (value: unknown) => Promise<unknown>;
      const result = await handler.call(handlers, checked);
      return result === undefined ? null : result;
    } catch (error) {
      const serialized = toSerializedAdminError(error, name);
      if (serialized.code === 'INTERNAL') {
        logger.error('admin_call_failed', { method: name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
      throw serialized;
    }
  };
}

/** For transports that cannot carry a rejection's fields (Electron's ipcMain.handle): never rejects. */
export async function settleAdminCall(dispatch: AdminDispatcher, method: string, arg: unknown): Promise<AdminCallOutcome> {
  try {
    return { ok: true, value: await dispatch(method, arg) };
  } catch (error) {
    return { ok: false, error: error as SerializedAdminError };
  }
}

import {
  isAdminEvent,
  isAdminMethod,
  isSerializedAdminError,
  type AdminEventName,
  type AdminEvents,
  type AdminMethodName,
  type AdminMethods,
  type ConsoleBridge,
} from '../../../node-runtime/contract/index.js';
import { AdminCallError } from './adminCallError.js';
import type { ConsoleClient, EventsStatus } from './consoleClient.js';

/** The bridge the Electron preload exposes; this is the only file that looks for it. */
export function findConsoleBridge(): ConsoleBridge | null {
  if (typeof window === 'undefined') return null;
  const bridge = (window as unknown as { chatConsole?: unknown }).chatConsole;
  if (typeof bridge !== 'object' || bridge === null) return null;
  const { call, on } = bridge as Partial<ConsoleBridge>;
  return typeof call === 'function' && typeof on === 'function' ? (bridge as ConsoleBridge) : null;
}

const IPC_STATUS: EventsStatus = { transport: 'ipc', state: 'open', attempt: 0, retryInMs: null };

/** Electron: calls and events go through the preload's allowlisted bridge; the feed is always open. */
export function createIpcTransport(bridge: ConsoleBridge): ConsoleClient {
  return {
    transport: 'ipc',
    async call<M extends AdminMethodName>(method: M, arg: AdminMethods[M][0]): Promise<AdminMethods[M][1]> {
      if (!isAdminMethod(method)) throw new AdminCallError('UNKNOWN_METHOD', `Unknown admin method ${String(method)}`);
      try {
        return (await bridge.call(method, arg ?? null)) as AdminMethods[M][1];
      } catch (error) {
        throw ipcError(error);
      }
    },
    on<E extends AdminEventName>(event: E, listener: (payload: AdminEvents[E]) => void): () => void {
      if (!isAdminEvent(event)) return () => {};
      return bridge.on(event, (payload) => listener(payload as AdminEvents[E]));
    },
    eventsStatus: () => IPC_STATUS,
    onEventsStatus: () => () => {},
  };
}

/** Electron wraps errors thrown in the main process as "Error invoking remote method '…': Error: <message>". */
const ELECTRON_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/;

export function ipcError(error: unknown): AdminCallError {
  if (error instanceof AdminCallError) return error;
  if (isSerializedAdminError(error)) return new AdminCallError(error.code, error.message);
  const message = (error instanceof Error ? error.message : String(error)).replace(ELECTRON_PREFIX, '');
  try {
    const parsed: unknown = JSON.parse(message);
    if (isSerializedAdminError(parsed)) return new AdminCallError(parsed.code, parsed.message);
  } catch {
    // Not a serialized error: keep the text.
  }
  return new AdminCallError('INTERNAL', message);
}

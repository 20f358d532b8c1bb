/** IPC channel names, derived from the API: `admin:call:<method>` and `admin:event:<event>`. */
import { isAdminEvent, isAdminMethod, type AdminEventName, type AdminMethodName } from './adminApi.js';

export const CALL_PREFIX = 'admin:call:';
export const EVENT_PREFIX = 'admin:event:';

export const callChannel = (method: AdminMethodName): string => `${CALL_PREFIX}${method}`;
export const eventChannel = (event: AdminEventName): string => `${EVENT_PREFIX}${event}`;

export function methodOfChannel(channel: string): AdminMethodName | null {
  if (!channel.startsWith(CALL_PREFIX)) return null;
  const method = channel.slice(CALL_PREFIX.length);
  return isAdminMethod(method) ? method : null;
}

export function eventOfChannel(channel: string): AdminEventName | null {
  if (!channel.startsWith(EVENT_PREFIX)) return null;
  const event = channel.slice(EVENT_PREFIX.length);
  return isAdminEvent(event) ? event : null;
}

/** What the Electron preload exposes as `window.chatConsole` (functions only, never ipcRenderer). */
export interface ConsoleBridge {
  call(method: string, arg: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

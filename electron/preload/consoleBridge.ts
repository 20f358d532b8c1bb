/**
 * The renderer's whole view of Electron: `call` for the contract's methods and `on` for its
 * events, nothing else. Channels are derived from the contract's closed lists (vscode's
 * validateIPC, RedisInsight's allowlist), so no other channel can be reached from the page, and
 * listeners get the payload only, never the IPC event (whose `sender` is the ipcRenderer).
 */
import { callChannel, eventChannel, isAdminEvent, isAdminMethod, type ConsoleBridge, type SerializedAdminError } from '../../node-runtime/contract/index.js';
import { isAdminIpcReply } from './ipcReply.js';

/** The property of `window` the renderer's ipcTransport looks for. */
export const BRIDGE_KEY = 'chatConsole';

export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgePort {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

/**
 * Rejections are Errors whose message is the JSON `{code, message}`: Error messages survive the
 * context bridge unchanged, and the renderer's ipcTransport parses them back.
 */
function adminError(error: SerializedAdminError): Error {
  return new Error(JSON.stringify({ code: error.code, message: error.message }));
}

export function createConsoleBridge(ipc: IpcRendererPort): ConsoleBridge {
  return Object.freeze({
    async call(method: string, arg: unknown): Promise<unknown> {
      if (!isAdminMethod(method)) throw adminError({ code: 'UNKNOWN_METHOD', message: `Unknown admin method ${String(method)}` });
      const reply = await ipc.invoke(callChannel(method), arg ?? null);
      if (!isAdminIpcReply(reply)) throw adminError({ code: 'INTERNAL', message: `Malformed reply to ${method}` });
      if (!reply.ok) throw adminError(reply.error);
      return reply.value;
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!isAdminEvent(event)) throw adminError({ code: 'UNKNOWN_METHOD', message: `Unknown admin event ${String(event)}` });
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const channel = eventChannel(event);
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, forward);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(channel, forward);
      };
    },
  });
}

export function exposeConsoleBridge(contextBridge: ContextBridgePort, ipc: IpcRendererPort): void {
  contextBridge.exposeInMainWorld(BRIDGE_KEY, createConsoleBridge(ipc));
}

/**
 * The admin API over IPC: one ipcMain.handle per method of the contract (`admin:call:<method>`),
 * answered by the backend, and the backend's events pushed to the window (`admin:event:<event>`).
 * Only our window's own page may call: anything else gets FORBIDDEN_ORIGIN.
 */
import {
  ADMIN_EVENTS,
  ADMIN_METHODS,
  callChannel,
  eventChannel,
  isSerializedAdminError,
  type AdminErrorCode,
  type SerializedAdminError,
} from '../../node-runtime/contract/index.js';
import type { Logger } from '../../node-runtime/src/index.js';
import type { AdminIpcReply } from '../preload/ipcReply.js';
import type { AppPage } from './appPage.js';
import type { ConsoleBackend } from './backend.js';
import type { IpcMainInvokeEventPort, IpcMainPort, WindowPort } from './ports.js';

export interface AdminIpcDeps {
  ipcMain: IpcMainPort;
  backend: ConsoleBackend;
  appPage: AppPage;
  /** The console window, or null while there is none. Calls and events only go to it. */
  getWindow(): WindowPort | null;
  logger: Logger;
}

/** Registers the handlers and the event forwarding; returns the function that removes them. */
export function registerAdminIpc({ ipcMain, backend, appPage, getWindow, logger }: AdminIpcDeps): () => void {
  const trusted = (event: IpcMainInvokeEventPort): string | null => {
    const window = getWindow();
    if (window === null || window.isDestroyed() || event.sender.id !== window.webContents.id) return 'the sender is not the console window';
    const frame = event.senderFrame;
    if (frame === null) return 'the sending frame is gone';
    if (frame.parent !== null) return 'the sender is a sub-frame';
    if (!appPage.isAppUrl(frame.url)) return `the sending page is ${frame.url}`;
    return null;
  };

  for (const method of ADMIN_METHODS) {
    ipcMain.handle(callChannel(method), async (event, arg): Promise<AdminIpcReply> => {
      const refusal = trusted(event);
      if (refusal !== null) {
        logger.warn('admin_ipc_forbidden', { method, reason: refusal });
        return { ok: false, error: { code: 'FORBIDDEN_ORIGIN', message: `admin call ${method} refused: ${refusal}` } };
      }
      try {
        return { ok: true, value: await backend.dispatch(method, arg ?? null) };
      } catch (error) {
        const serialized = toSerializedAdminError(error);
        if (serialized.code === 'INTERNAL') logger.error('admin_call_failed', { method, error: serialized.message });
        return { ok: false, error: serialized };
      }
    });
  }

  const unsubscribes = ADMIN_EVENTS.map((name) =>
    backend.on(name, (payload) => {
      const window = getWindow();
      if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return;
      window.webContents.send(eventChannel(name), payload);
    }),
  );

  return () => {
    for (const method of ADMIN_METHODS) ipcMain.removeHandler(callChannel(method));
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}

/** Every code of the contract (a Record, so a code added there is a compile error here until listed). */
const ERROR_CODES: Readonly<Record<AdminErrorCode, true>> = {
  UNKNOWN_METHOD: true,
  BAD_ARGUMENT: true,
  READ_ONLY: true,
  NOT_AVAILABLE: true,
  NOT_FOUND: true,
  UNAUTHORIZED: true,
  FORBIDDEN_ORIGIN: true,
  INTERNAL: true,
};

/** Whatever the backend threw, as the plain `{code, message}` the renderer understands. */
export function toSerializedAdminError(error: unknown): SerializedAdminError {
  if (isSerializedAdminError(error)) return { code: Object.hasOwn(ERROR_CODES, error.code) ? error.code : 'INTERNAL', message: error.message };
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message };
  return { code: 'INTERNAL', message: String(error) };
}

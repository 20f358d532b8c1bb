/**
 * The few Electron APIs the main process uses, as narrow structural types. Every module takes
 * them as arguments (Node's test runner cannot mock ES modules), so tests pass fakes while
 * `main.ts` passes the real `app`, `BrowserWindow`, `ipcMain`, `session`, `shell` and `screen`;
 * tsc checks there that the real Electron objects satisfy these shapes.
 */
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';

export type { BrowserWindowConstructorOptions, Rectangle };

/** What an Electron event handler may do with the event. */
export interface PreventableEvent {
  preventDefault(): void;
}

export interface FramePort {
  readonly url: string;
  /** null for the top frame. */
  readonly parent: unknown;
}

export interface NavigationEvent extends PreventableEvent {
  readonly url: string;
}

export interface WindowOpenDetails {
  readonly url: string;
}

export interface WebContentsPort {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void;
}

export interface WindowPort {
  readonly webContents: WebContentsPort;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  isMaximized(): boolean;
  restore(): void;
  maximize(): void;
  show(): void;
  focus(): void;
  getNormalBounds(): Rectangle;
  loadFile(filePath: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close' | 'closed', listener: () => void): unknown;
}

export interface DisplayPort {
  readonly workArea: Rectangle;
}

export interface ScreenPort {
  getAllDisplays(): DisplayPort[];
}

export interface AppPort {
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  exit(exitCode?: number): void;
  on(event: 'second-instance' | 'window-all-closed' | 'activate', listener: () => void): unknown;
  on(event: 'before-quit' | 'will-quit', listener: (event: PreventableEvent) => void): unknown;
}

export interface IpcMainInvokeEventPort {
  readonly sender: WebContentsPort;
  readonly senderFrame: FramePort | null;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcMainInvokeEventPort, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface ShellPort {
  openExternal(url: string): Promise<void>;
}

export interface HeadersReceivedDetails {
  readonly url: string;
  readonly responseHeaders?: Record<string, string[]>;
}

export interface SessionPort {
  readonly webRequest: {
    onHeadersReceived(
      filter: { urls: string[] },
      listener: (details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void,
    ): void;
  };
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

/** Shows an error to the user when the console cannot start (dialog.showErrorBox in main.ts). */
export type ShowError = (title: string, message: string) => void;

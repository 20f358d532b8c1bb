/**
 * Hand-written stand-ins for the Electron objects the main process uses (the ports of
 * electron/main/ports.ts). They record what the code under test did and let a test fire the
 * events Electron would.
 */
import type { Logger } from '../../node-runtime/src/index.js';
import type {
  AppPort,
  BrowserWindowConstructorOptions,
  DisplayPort,
  FramePort,
  HeadersReceivedDetails,
  IpcMainInvokeEventPort,
  IpcMainPort,
  NavigationEvent,
  PreventableEvent,
  Rectangle,
  ScreenPort,
  SessionPort,
  ShellPort,
  WebContentsPort,
  WindowOpenDetails,
  WindowPort,
} from '../main/ports.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- listeners of every Electron event shape
type Listener = (...args: any[]) => unknown;
type LogFields = NonNullable<Parameters<Logger['info']>[1]>;

export class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.removeListener(event, wrapped);
      return listener(...args);
    };
    return this.on(event, wrapped);
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((candidate) => candidate !== listener));
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeEvent implements PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeNavigationEvent extends FakeEvent implements NavigationEvent {
  constructor(readonly url: string) {
    super();
  }
}

let nextContentsId = 1;

export class FakeWebContents extends FakeEmitter implements WebContentsPort {
  readonly id = nextContentsId++;
  destroyed = false;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: WindowOpenDetails) => { action: 'deny' }) | null = null;

  isDestroyed(): boolean {
    return this.destroyed;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** What Electron does when the page starts a navigation; true when it was allowed. */
  navigate(kind: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    const event = new FakeNavigationEvent(url);
    this.emit(kind, event);
    return !event.defaultPrevented;
  }

  /** What Electron does on window.open / target=_blank. */
  openWindow(url: string): { action: string } {
    if (this.windowOpenHandler === null) throw new Error('no window open handler installed');
    return this.windowOpenHandler({ url });
  }
}

export class FakeWindow extends FakeEmitter implements WindowPort {
  readonly webContents = new FakeWebContents();
  destroyed = false;
  minimized = false;
  maximized = false;
  visible = false;
  focused = false;
  loadedFile: string | null = null;
  loadError: Error | null = null;
  bounds: Rectangle;
  readonly calls: string[] = [];

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  maximize(): void {
    this.calls.push('maximize');
    this.maximized = true;
  }
  show(): void {
    this.calls.push('show');
    this.visible = true;
  }
  focus(): void {
    this.calls.push('focus');
    this.focused = true;
  }
  getNormalBounds(): Rectangle {
    return { ...this.bounds };
  }
  loadFile(filePath: string): Promise<void> {
    this.loadedFile = filePath;
    return this.loadError === null ? Promise.resolve() : Promise.reject(this.loadError);
  }

  /** The user closes the window. */
  close(): void {
    this.emit('close', new FakeEvent());
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class FakeScreen implements ScreenPort {
  constructor(readonly displays: DisplayPort[] = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) {}
  getAllDisplays(): DisplayPort[] {
    return this.displays;
  }
}

/** app, with Electron's quit sequence: before-quit, then will-quit, each of which may be prevented. */
export class FakeApp extends FakeEmitter implements AppPort {
  lockGranted = true;
  readonly calls: string[] = [];
  quitted = false;
  exitCode: number | null = null;
  private resolveReady: () => void = () => {};
  private readonly ready = new Promise<void>((resolve) => (this.resolveReady = resolve));

  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.lockGranted;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  becomeReady(): void {
    this.resolveReady();
  }
  quit(): void {
    this.calls.push('quit');
    const beforeQuit = new FakeEvent();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    const willQuit = new FakeEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.quitted = true;
  }
  exit(exitCode = 0): void {
    this.calls.push(`exit(${exitCode})`);
    this.exitCode = exitCode;
  }
}

export class FakeIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, (event: IpcMainInvokeEventPort, ...args: unknown[]) => Promise<unknown>>();

  handle(channel: string, listener: (event: IpcMainInvokeEventPort, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What Electron does when a renderer invokes `channel`. */
  invoke(channel: string, event: IpcMainInvokeEventPort, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(event, ...args);
  }
}

export function invokeEvent(sender: WebContentsPort, frame: FramePort | null): IpcMainInvokeEventPort {
  return { sender, senderFrame: frame };
}

export class FakeShell implements ShellPort {
  readonly opened: string[] = [];
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  }
}

type HeadersListener = (details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void;

export class FakeSession implements SessionPort {
  headersFilter: { urls: string[] } | null = null;
  headersListener: HeadersListener | null = null;
  permissionRequestHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((webContents: unknown, permission: string) => boolean) | null = null;

  readonly webRequest = {
    onHeadersReceived: (filter: { urls: string[] }, listener: HeadersListener): void => {
      this.headersFilter = filter;
      this.headersListener = listener;
    },
  };

  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void {
    this.permissionCheckHandler = handler;
  }
}

export interface RecordingLogger extends Logger {
  readonly lines: { level: string; event: string; fields: LogFields }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: { level: string; event: string; fields: LogFields }[] = [];
  const make = (base: LogFields): Logger => ({
    debug: (event, fields) => lines.push({ level: 'debug', event, fields: { ...base, ...fields } }),
    info: (event, fields) => lines.push({ level: 'info', event, fields: { ...base, ...fields } }),
    warn: (event, fields) => lines.push({ level: 'warn', event, fields: { ...base, ...fields } }),
    error: (event, fields) => lines.push({ level: 'error', event, fields: { ...base, ...fields } }),
    child: (fields) => make({ ...base, ...fields }),
    isEnabled: () => true,
  });
  return Object.assign(make({}), { lines });
}

/** Lets pending promise callbacks run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

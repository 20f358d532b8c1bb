/**
 * The console's life: one instance, the backend (embedded chat nodes) started before the window,
 * IPC wired to both, and on quit the backend stopped within a bounded wait before Electron exits.
 */
import type { Logger } from '../../node-runtime/src/index.js';
import type { ConsoleBackend } from './backend.js';
import type { MainWindow } from './mainWindow.js';
import type { AppPort, PreventableEvent, ShowError, WindowPort } from './ports.js';

export const DEFAULT_STOP_TIMEOUT_MS = 5_000;

export interface ConsoleAppDeps {
  app: AppPort;
  platform: NodeJS.Platform;
  /** Session-wide setup (CSP, permissions), once Electron is ready and before anything loads. */
  onReady(): void;
  startBackend(): Promise<ConsoleBackend>;
  openWindow(): MainWindow;
  /** Registers the admin IPC for this backend; returns its disposer. */
  connectIpc(backend: ConsoleBackend, getWindow: () => WindowPort | null): () => void;
  showError: ShowError;
  logger: Logger;
  /** Registers a handler for SIGINT/SIGTERM (a terminal's Ctrl-C must stop the nodes too). */
  onTerminate?(handler: () => void): void;
  stopTimeoutMs?: number;
}

export interface ConsoleApp {
  getWindow(): WindowPort | null;
  /** Settles once quitting has stopped the backend (or given up waiting). */
  readonly stopped: Promise<void>;
}

/**
 * Resolves once the window exists (or startup failed and the app is exiting); null when another
 * instance already runs (that one gets focused, this one quits).
 */
export async function runConsoleApp(deps: ConsoleAppDeps): Promise<ConsoleApp | null> {
  const { app, logger } = deps;
  if (!app.requestSingleInstanceLock()) {
    logger.info('already_running', { action: 'focusing the running console' });
    app.quit();
    return null;
  }

  let window: WindowPort | null = null;
  let backend: ConsoleBackend | null = null;
  let disconnectIpc: () => void = () => {};
  let quitState: 'running' | 'stopping' | 'stopped' = 'running';
  let markStopped: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  /** The backend once started; null before startup or when it failed. */
  let backendReady: Promise<ConsoleBackend | null> = Promise.resolve(null);

  const openWindow = () => {
    const opened = deps.openWindow();
    window = opened.window;
    opened.window.on('closed', () => {
      if (window === opened.window) window = null;
    });
    return opened.loaded.catch((error: unknown) => {
      logger.error('window_load_failed', { error: String(error) });
      deps.showError('chat-zinx console', `The console page could not be loaded: ${String(error)}\n\nBuild the renderer (renderer/dist/index.html) and start again.`);
      app.quit();
    });
  };

  const focusWindow = () => {
    if (quitState !== 'running' || backend === null) return;
    if (window === null || window.isDestroyed()) {
      void openWindow();
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const shutdown = async () => {
    const timeoutMs = deps.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    const outcome = await withTimeout(
      (async () => {
        const started = await backendReady;
        disconnectIpc();
        if (started !== null) await started.stop();
      })(),
      timeoutMs,
    );
    if (outcome === 'timeout') logger.warn('backend_stop_timeout', { timeoutMs, action: 'quitting anyway' });
    else if (outcome instanceof Error) logger.error('backend_stop_failed', { error: outcome.message });
    else logger.info('backend_stopped');
  };

  const onQuit = (event: PreventableEvent) => {
    if (quitState === 'stopped') return;
    event.preventDefault();
    if (quitState === 'stopping') return;
    quitState = 'stopping';
    void shutdown().finally(() => {
      quitState = 'stopped';
      markStopped();
      app.quit();
    });
  };

  app.on('second-instance', focusWindow);
  app.on('activate', focusWindow);
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', onQuit);
  app.on('will-quit', onQuit);
  deps.onTerminate?.(() => app.quit());

  await app.whenReady();
  if (quitState !== 'running') return { getWindow: () => null, stopped };
  deps.onReady();
  const starting = deps.startBackend();
  backendReady = starting.catch(() => null);
  try {
    backend = await starting;
  } catch (error) {
    logger.error('backend_start_failed', { error: String(error) });
    deps.showError('chat-zinx console could not start', String(error instanceof Error ? error.message : error));
    quitState = 'stopped';
    markStopped();
    app.exit(1);
    return { getWindow: () => null, stopped };
  }
  logger.info('backend_started');
  // Quit while the backend was starting: shutdown() stops it, no window is wanted any more.
  if (quitState !== 'running') return { getWindow: () => null, stopped };
  disconnectIpc = deps.connectIpc(backend, () => window);
  void openWindow();
  return { getWindow: () => window, stopped };
}

async function withTimeout(work: Promise<void>, ms: number): Promise<'done' | 'timeout' | Error> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work.then(() => 'done' as const, (error: unknown) => (error instanceof Error ? error : new Error(String(error)))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

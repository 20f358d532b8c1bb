/**
 * The console window: sandboxed, context-isolated, no Node in the page, our preload only, the
 * renderer's index.html from disk. Its bounds and maximized flag survive restarts.
 */
import { join } from 'node:path';
import type { Logger } from '../../node-runtime/src/index.js';
import type { AppPage } from './appPage.js';
import type { BrowserWindowConstructorOptions, ScreenPort, WindowPort } from './ports.js';
import { loadWindowState, MIN_WINDOW_SIZE, saveWindowState, stateFromWindow, WINDOW_STATE_FILE, type WindowState } from './windowState.js';

export const WINDOW_TITLE = 'chat-zinx console';

/** The renderer gets no Node, no remote content and only what the preload exposes. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  } as const satisfies BrowserWindowConstructorOptions['webPreferences'];
}

export function mainWindowOptions(state: WindowState, preloadPath: string): BrowserWindowConstructorOptions {
  return {
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: WINDOW_TITLE,
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export interface MainWindowDeps {
  /** `(options) => new BrowserWindow(options)` */
  createWindow(options: BrowserWindowConstructorOptions): WindowPort;
  screen: ScreenPort;
  appPage: AppPage;
  preloadPath: string;
  /** app.getPath('userData') */
  userDataDir: string;
  logger: Logger;
}

export interface MainWindow {
  window: WindowPort;
  /** Settles when index.html has loaded (rejects when it cannot be loaded, e.g. the renderer is not built). */
  loaded: Promise<void>;
}

/** Creates the window at once (so IPC from the loading page already knows it) and starts loading the page. */
export function createMainWindow({ createWindow, screen, appPage, preloadPath, userDataDir, logger }: MainWindowDeps): MainWindow {
  const stateFile = join(userDataDir, WINDOW_STATE_FILE);
  const { state, problem } = loadWindowState(stateFile, screen.getAllDisplays());
  if (problem !== null) logger.warn('window_state_ignored', { file: stateFile, problem });

  const window = createWindow(mainWindowOptions(state, preloadPath));
  window.once('ready-to-show', () => {
    // maximize() shows a hidden window, so it waits for the first paint like show() does.
    if (state.maximized) window.maximize();
    window.show();
  });
  window.on('close', () => {
    try {
      saveWindowState(stateFile, stateFromWindow(window.getNormalBounds(), window.isMaximized()));
    } catch (error) {
      logger.warn('window_state_not_saved', { file: stateFile, error: String(error) });
    }
  });
  return { window, loaded: window.loadFile(appPage.indexHtmlPath) };
}

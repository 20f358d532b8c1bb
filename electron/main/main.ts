/**
 * Electron main entry: the only file that imports Electron's runtime. It wires the real APIs into
 * the modules beside it and does nothing else. Runs only as the CommonJS bundle
 * out/electron/main.cjs (build/scripts/bundleElectron.mjs), hence __dirname.
 */
import { app, BrowserWindow, dialog, ipcMain, screen, session, shell } from 'electron';
import { createLogger } from '../../node-runtime/src/index.js';
import { registerAdminIpc } from './adminIpc.js';
import { createAppPage } from './appPage.js';
import { startConsoleBackend } from './consoleBackend.js';
import { appLayout } from './layout.js';
import { runConsoleApp } from './lifecycle.js';
import { createMainWindow } from './mainWindow.js';
import { hardenWebContents, secureSession } from './security.js';

const logger = createLogger({ level: 'info', fields: { component: 'electron' }, sink: (line) => process.stderr.write(`${line}\n`) });
const { preloadPath, indexHtmlPath } = appLayout(__dirname);
const appPage = createAppPage(indexHtmlPath);

app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { appPage, shell, logger }));

void runConsoleApp({
  app,
  platform: process.platform,
  logger,
  onReady: () => secureSession(session.defaultSession, { logger }),
  startBackend: () =>
    startConsoleBackend({
      logger: logger.child({ component: 'console-host' }),
      dataDir: app.getPath('userData'),
      argv: process.argv.slice(app.isPackaged ? 1 : 2),
      env: process.env,
    }),
  openWindow: () =>
    createMainWindow({
      createWindow: (options) => new BrowserWindow(options),
      screen,
      appPage,
      preloadPath,
      userDataDir: app.getPath('userData'),
      logger,
    }),
  connectIpc: (backend, getWindow) => registerAdminIpc({ ipcMain, backend, appPage, getWindow, logger }),
  showError: (title, message) => dialog.showErrorBox(title, message),
  onTerminate: (handler) => {
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  },
}).catch((error: unknown) => {
  logger.error('console_start_failed', { error: String(error) });
  app.exit(1);
});

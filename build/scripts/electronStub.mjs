// A stand-in for the `electron` module, loaded with `node --import` by checkPackageLayout.mjs so the
// packaged main bundle can run under plain Node (no Electron binary here). It plays a short session —
// ready, window created and loaded, then quit — and writes what main did to $STUB_REPORT as JSON.
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import Module from 'node:module';

const report = {
  ready: false,
  sandboxEnabled: false,
  windows: [],
  loadedFiles: [],
  ipcHandlers: [],
  webContentsGuards: [],
  windowOpenHandler: false,
  csp: null,
  permissionRequestHandler: false,
  permissionCheckHandler: false,
  errors: [],
  quit: null,
};
let finished = false;
function finish(how, code) {
  if (finished) return;
  finished = true;
  report.quit = how;
  writeFileSync(process.env.STUB_REPORT, JSON.stringify(report, null, 2));
  process.exit(code);
}

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = 1;
  }
  isDestroyed() {
    return false;
  }
  send() {}
  setWindowOpenHandler(handler) {
    report.windowOpenHandler = typeof handler === 'function' && handler({ url: 'https://example.com/' }).action === 'deny';
  }
  on(event, listener) {
    report.webContentsGuards.push(event);
    return super.on(event, listener);
  }
}

class App extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
  }
  requestSingleInstanceLock() {
    return true;
  }
  enableSandbox() {
    report.sandboxEnabled = true;
  }
  whenReady() {
    report.ready = true;
    return new Promise((resolve) => setImmediate(resolve));
  }
  getPath() {
    return process.env.STUB_USER_DATA;
  }
  quit() {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', event);
    if (!event.defaultPrevented) finish('quit', 0);
  }
  exit(code = 0) {
    finish(`exit(${code})`, code);
  }
}
const app = new App();

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    report.windows.push(options);
    this.webContents = new WebContents();
    app.emit('web-contents-created', {}, this.webContents);
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  restore() {}
  maximize() {}
  show() {}
  focus() {}
  getNormalBounds() {
    return { x: 10, y: 10, width: 1280, height: 800 };
  }
  loadFile(path) {
    report.loadedFiles.push(path);
    setImmediate(() => this.emit('ready-to-show'));
    // The page "is used" for a moment, then the user quits: main must stop the backend and let go.
    setTimeout(() => app.quit(), 300);
    return Promise.resolve();
  }
}

const stub = {
  app,
  BrowserWindow,
  ipcMain: {
    handle: (channel) => report.ipcHandlers.push(channel),
    removeHandler() {},
  },
  session: {
    defaultSession: {
      webRequest: {
        onHeadersReceived(filter, listener) {
          listener({ url: 'file:///index.html', responseHeaders: {} }, (response) => {
            report.csp = response.responseHeaders?.['Content-Security-Policy']?.[0] ?? null;
          });
        },
      },
      setPermissionRequestHandler: (handler) => (report.permissionRequestHandler = typeof handler === 'function'),
      setPermissionCheckHandler: (handler) => (report.permissionCheckHandler = typeof handler === 'function' && handler(null, 'media') === false),
    },
  },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: { openExternal: () => Promise.resolve() },
  dialog: { showErrorBox: (title, message) => report.errors.push(`${title}: ${message}`) },
};

// The bundle is CommonJS: its require('electron') goes through Module._load.
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'electron' ? stub : load.call(this, request, ...rest);
};
setTimeout(() => finish('timeout', 3), 20_000).unref();
process.on('exit', () => {
  if (!finished) {
    report.quit = 'the event loop ran dry before main quit';
    writeFileSync(process.env.STUB_REPORT, JSON.stringify(report, null, 2));
  }
});

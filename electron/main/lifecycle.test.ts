import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeBackend } from '../test/fakeBackend.js';
import { FakeApp, FakeWindow, flush, recordingLogger } from '../test/fakeElectron.js';
import type { ConsoleBackend } from './backend.js';
import { runConsoleApp, type ConsoleAppDeps } from './lifecycle.js';
import type { WindowPort } from './ports.js';

function harness(overrides: Partial<ConsoleAppDeps> = {}, { lockGranted = true } = {}) {
  const app = new FakeApp();
  app.lockGranted = lockGranted;
  const backend = new FakeBackend();
  const order: string[] = [];
  const windows: FakeWindow[] = [];
  const errors: string[] = [];
  const logger = recordingLogger();
  let terminate: (() => void) | null = null;
  let ipcGetWindow: (() => WindowPort | null) | null = null;
  const deps: ConsoleAppDeps = {
    app,
    platform: 'linux',
    logger,
    onReady: () => order.push('session secured'),
    startBackend: async () => {
      order.push('backend started');
      return backend;
    },
    openWindow: () => {
      order.push('window created');
      const window = new FakeWindow({});
      windows.push(window);
      return { window, loaded: window.loadFile('/app/index.html') };
    },
    connectIpc: (_backend: ConsoleBackend, getWindow) => {
      order.push('ipc connected');
      ipcGetWindow = getWindow;
      return () => order.push('ipc disconnected');
    },
    showError: (title, message) => errors.push(`${title}: ${message}`),
    onTerminate: (handler) => (terminate = handler),
    stopTimeoutMs: 200,
    ...overrides,
  };
  const running = runConsoleApp(deps);
  return { app, backend, order, windows, errors, logger, running, terminate: () => terminate?.(), ipcWindow: () => ipcGetWindow?.() ?? null };
}

describe('runConsoleApp', () => {
  it('waits for Electron, then starts the backend before creating the window', async () => {
    const h = harness();
    await flush();
    assert.deepEqual(h.order, [], 'nothing before ready');
    h.app.becomeReady();
    const handle = await h.running;
    assert.deepEqual(h.order, ['session secured', 'backend started', 'ipc connected', 'window created']);
    assert.equal(handle?.getWindow(), h.windows[0]);
    assert.equal(h.ipcWindow(), h.windows[0], 'IPC already knows the window while its page loads');
  });

  it('stops the backend on quit and lets Electron quit only afterwards', async () => {
    const h = harness();
    h.app.becomeReady();
    const handle = await h.running;
    let release: () => void = () => {};
    h.backend.stopImpl = () => new Promise<void>((resolve) => (release = resolve));

    h.app.quit();
    assert.equal(h.app.quitted, false, 'quit waits for the backend');
    await flush();
    assert.equal(h.backend.stopCalls, 1);
    assert.ok(h.order.includes('ipc disconnected'));
    h.app.quit();
    assert.equal(h.backend.stopCalls, 1, 'a second quit does not stop twice');

    release();
    await handle!.stopped;
    await flush();
    assert.equal(h.app.quitted, true);
    assert.ok(h.logger.lines.some((line) => line.event === 'backend_stopped'));
  });

  it('gives up waiting for a backend that does not stop in time', async () => {
    const h = harness({ stopTimeoutMs: 50 });
    h.app.becomeReady();
    const handle = await h.running;
    h.backend.stopImpl = () => new Promise<void>(() => {});
    const started = Date.now();
    h.app.quit();
    await handle!.stopped;
    await flush();
    assert.equal(h.app.quitted, true);
    assert.ok(Date.now() - started < 2_000);
    assert.ok(h.logger.lines.some((line) => line.event === 'backend_stop_timeout'));
  });

  it('quits even when stopping the backend fails', async () => {
    const h = harness();
    h.app.becomeReady();
    const handle = await h.running;
    h.backend.stopImpl = () => Promise.reject(new Error('redis went away'));
    h.app.quit();
    await handle!.stopped;
    await flush();
    assert.equal(h.app.quitted, true);
    assert.ok(h.logger.lines.some((line) => line.event === 'backend_stop_failed'));
  });

  it('closing the last window quits (and so stops the backend), except on macOS', async () => {
    const h = harness();
    h.app.becomeReady();
    const handle = await h.running;
    h.windows[0]!.close();
    h.app.emit('window-all-closed');
    await handle!.stopped;
    await flush();
    assert.equal(h.backend.stopCalls, 1);
    assert.equal(h.app.quitted, true);

    const mac = harness({ platform: 'darwin' });
    mac.app.becomeReady();
    await mac.running;
    mac.windows[0]!.close();
    mac.app.emit('window-all-closed');
    assert.equal(mac.app.calls.includes('quit'), false);
    mac.app.emit('activate');
    assert.equal(mac.windows.length, 2, 'the dock icon opens a new window');
  });

  it('SIGINT/SIGTERM go through the same quit', async () => {
    const h = harness();
    h.app.becomeReady();
    const handle = await h.running;
    h.terminate();
    await handle!.stopped;
    await flush();
    assert.equal(h.backend.stopCalls, 1);
    assert.equal(h.app.quitted, true);
  });

  it('a second launch quits at once and starts nothing', async () => {
    const h = harness({}, { lockGranted: false });
    h.app.becomeReady();
    assert.equal(await h.running, null);
    assert.deepEqual(h.order, []);
    assert.ok(h.app.calls.includes('quit'));
  });

  it('the running instance focuses (and restores) its window when a second one starts', async () => {
    const h = harness();
    h.app.becomeReady();
    await h.running;
    const window = h.windows[0]!;
    window.minimized = true;
    h.app.emit('second-instance', {}, ['chat-console'], '/home/op');
    assert.deepEqual(window.calls, ['restore', 'show', 'focus']);
    assert.equal(window.focused, true);
    assert.equal(h.windows.length, 1);
  });

  it('shows the error and exits 1 when the backend cannot start, without a window', async () => {
    const h = harness({ startBackend: () => Promise.reject(new Error('port 9000 is in use (--port)')) });
    h.app.becomeReady();
    await h.running;
    assert.equal(h.windows.length, 0);
    assert.equal(h.app.exitCode, 1);
    assert.match(h.errors[0] ?? '', /port 9000 is in use/);
  });

  it('quitting while the backend starts stops it once it is up and opens no window', async () => {
    let finishStart: (backend: ConsoleBackend) => void = () => {};
    const backend = new FakeBackend();
    const h = harness({ startBackend: () => new Promise((resolve) => (finishStart = resolve)) });
    h.app.becomeReady();
    await flush();
    h.app.quit();
    assert.equal(h.app.quitted, false);
    finishStart(backend);
    const handle = await h.running;
    await handle!.stopped;
    await flush();
    assert.equal(backend.stopCalls, 1);
    assert.equal(h.windows.length, 0);
    assert.equal(h.app.quitted, true);
  });

  it('says how to fix a page that cannot load (renderer not built) and quits', async () => {
    const h = harness({
      openWindow: () => {
        const window = new FakeWindow({});
        window.loadError = new Error("ERR_FILE_NOT_FOUND (-6) loading 'file:///app/renderer/dist/index.html'");
        return { window, loaded: window.loadFile('/app/renderer/dist/index.html') };
      },
    });
    h.app.becomeReady();
    const handle = await h.running;
    await handle!.stopped;
    await flush();
    assert.match(h.errors[0] ?? '', /Build the renderer/);
    assert.equal(h.app.quitted, true);
  });
});

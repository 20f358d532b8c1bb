import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FakeScreen, FakeWindow, flush, recordingLogger } from '../test/fakeElectron.js';
import { createAppPage } from './appPage.js';
import { createMainWindow, type MainWindowDeps } from './mainWindow.js';
import type { BrowserWindowConstructorOptions, DisplayPort } from './ports.js';
import { DEFAULT_WINDOW_STATE, loadWindowState, MIN_WINDOW_SIZE, validateWindowState, WINDOW_STATE_FILE } from './windowState.js';

let userDataDir: string;
beforeEach(() => {
  userDataDir = mkdtempSync(join(tmpdir(), 'console-window-'));
});
afterEach(() => rmSync(userDataDir, { recursive: true, force: true }));

const indexHtml = '/app/renderer/dist/index.html';

function open(screen = new FakeScreen()) {
  const created: FakeWindow[] = [];
  const logger = recordingLogger();
  const deps: MainWindowDeps = {
    createWindow: (options: BrowserWindowConstructorOptions) => {
      const window = new FakeWindow(options);
      created.push(window);
      return window;
    },
    screen,
    appPage: createAppPage(indexHtml, 'linux'),
    preloadPath: '/app/out/electron/preload.cjs',
    userDataDir,
    logger,
  };
  const { window, loaded } = createMainWindow(deps);
  assert.equal(created.length, 1);
  return { window: created[0]!, returned: window, loaded, logger };
}

const stateFile = () => join(userDataDir, WINDOW_STATE_FILE);

describe('createMainWindow', () => {
  it('creates the window with the security webPreferences and our preload', () => {
    const { window } = open();
    const prefs = window.options.webPreferences!;
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.preload, '/app/out/electron/preload.cjs');
  });

  it('loads index.html from disk and shows the window on its first paint only', async () => {
    const { window, returned, loaded } = open();
    assert.equal(returned, window);
    assert.equal(window.options.show, false);
    await loaded;
    assert.equal(window.loadedFile, indexHtml);
    assert.equal(window.visible, false);
    window.emit('ready-to-show');
    assert.equal(window.visible, true);
  });

  it('reports a page that cannot be loaded through `loaded`', async () => {
    const created: FakeWindow[] = [];
    const { loaded } = createMainWindow({
      createWindow: (options) => {
        const window = new FakeWindow(options);
        window.loadError = new Error('ERR_FILE_NOT_FOUND (-6)');
        created.push(window);
        return window;
      },
      screen: new FakeScreen(),
      appPage: createAppPage(indexHtml, 'linux'),
      preloadPath: '/p.cjs',
      userDataDir,
      logger: recordingLogger(),
    });
    await assert.rejects(loaded, /ERR_FILE_NOT_FOUND/);
  });

  it('starts with the default size, centred, when nothing was saved', () => {
    const { window, logger } = open();
    assert.equal(window.options.width, DEFAULT_WINDOW_STATE.width);
    assert.equal(window.options.height, DEFAULT_WINDOW_STATE.height);
    assert.equal(window.options.x, undefined);
    assert.equal(window.options.y, undefined);
    assert.equal(logger.lines.length, 0);
  });

  it('saves bounds and the maximized flag on close and restores them next time', async () => {
    const first = open();
    first.window.bounds = { x: 200, y: 150, width: 1400, height: 900 };
    first.window.maximized = true;
    first.window.close();
    assert.deepEqual(JSON.parse(readFileSync(stateFile(), 'utf8')), { x: 200, y: 150, width: 1400, height: 900, maximized: true });

    const second = open();
    assert.equal(second.window.options.x, 200);
    assert.equal(second.window.options.y, 150);
    assert.equal(second.window.options.width, 1400);
    assert.equal(second.window.options.height, 900);
    assert.equal(second.window.maximized, false, 'maximize waits for the first paint');
    second.window.emit('ready-to-show');
    await flush();
    assert.deepEqual(second.window.calls, ['maximize', 'show']);
  });

  it('falls back to defaults when the state file is corrupt, and says so', () => {
    writeFileSync(stateFile(), '{"x": 10, "width": 12');
    const { window, logger } = open();
    assert.equal(window.options.width, DEFAULT_WINDOW_STATE.width);
    assert.equal(window.options.x, undefined);
    assert.ok(logger.lines.some((line) => line.event === 'window_state_ignored' && String(line.fields.problem).includes('not JSON')));
  });

  it('drops a position that is off every display (a monitor was unplugged) but keeps the size', () => {
    writeFileSync(stateFile(), JSON.stringify({ x: 3000, y: 200, width: 1000, height: 700, maximized: false }));
    const { window } = open(new FakeScreen([{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]));
    assert.equal(window.options.x, undefined);
    assert.equal(window.options.y, undefined);
    assert.equal(window.options.width, 1000);
    assert.equal(window.options.height, 700);
  });

  it('keeps a window that sits on a second display', () => {
    writeFileSync(stateFile(), JSON.stringify({ x: 2000, y: 100, width: 1000, height: 700, maximized: false }));
    const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }, { workArea: { x: 1920, y: 0, width: 2560, height: 1440 } }];
    const { window } = open(new FakeScreen(displays));
    assert.equal(window.options.x, 2000);
    assert.equal(window.options.y, 100);
  });

  it('still opens when the state cannot be saved', () => {
    const { window, logger } = open();
    rmSync(userDataDir, { recursive: true, force: true });
    writeFileSync(userDataDir, 'a file where the folder should be');
    window.close();
    assert.ok(logger.lines.some((line) => line.event === 'window_state_not_saved'));
    rmSync(userDataDir, { force: true });
  });
});

describe('validateWindowState', () => {
  const displays: DisplayPort[] = [{ workArea: { x: 0, y: 25, width: 1440, height: 875 } }];
  const valid = { x: 40, y: 60, width: 1000, height: 700, maximized: false };

  const fallbacks: [string, unknown][] = [
    ['null', null],
    ['an array', [1, 2]],
    ['a string', 'big'],
    ['no size', { x: 1, y: 2 }],
    ['a string width', { ...valid, width: '1000' }],
    ['a fractional height', { ...valid, height: 700.5 }],
    ['a negative width', { ...valid, width: -1000 }],
    ['a width below the minimum', { ...valid, width: MIN_WINDOW_SIZE.width - 1 }],
    ['an absurd height', { ...valid, height: 1e9 }],
    ['NaN via JSON', JSON.parse('{"width": 1000, "height": null}')],
  ];
  for (const [name, raw] of fallbacks) {
    it(`uses the defaults for ${name}`, () => {
      const { state, problem } = validateWindowState(raw, displays);
      assert.deepEqual(state, DEFAULT_WINDOW_STATE);
      assert.notEqual(problem, null);
    });
  }

  it('keeps a valid state', () => {
    assert.deepEqual(validateWindowState(valid, displays), { state: valid, problem: null });
  });

  it('drops the position when the title bar is above the work area or barely on screen', () => {
    for (const position of [{ x: 40, y: -300 }, { x: 1400, y: 60 }, { x: -960, y: 60 }, { x: 40, y: 890 }]) {
      const { state } = validateWindowState({ ...valid, ...position }, displays);
      assert.equal(state.x, undefined, JSON.stringify(position));
      assert.equal(state.y, undefined, JSON.stringify(position));
    }
  });

  it('shrinks a window larger than the display to fit it', () => {
    const { state } = validateWindowState({ ...valid, x: 0, y: 25, width: 2560, height: 1440 }, displays);
    assert.equal(state.width, 1440);
    assert.equal(state.height, 875);
  });

  it('treats only `true` as maximized and ignores unknown keys', () => {
    const { state } = validateWindowState({ ...valid, maximized: 'yes', extra: 1 }, displays);
    assert.equal(state.maximized, false);
    assert.equal('extra' in state, false);
  });

  it('loadWindowState: a missing file is not a problem, an unreadable one is', () => {
    assert.deepEqual(loadWindowState(join(userDataDir, 'nope.json'), displays), { state: DEFAULT_WINDOW_STATE, problem: null });
    const { problem } = loadWindowState(userDataDir, displays);
    assert.match(problem ?? '', /cannot read/);
  });
});

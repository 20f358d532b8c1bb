// The preload's bridge and main's handlers wired through a fake IPC: what the renderer's ipcTransport
// would see for a good call, a backend error, a call from a foreign page, and a pushed event.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConsoleBridge } from '../../node-runtime/contract/index.js';
import { registerAdminIpc } from '../main/adminIpc.js';
import { createAppPage } from '../main/appPage.js';
import { createConsoleBridge } from '../preload/consoleBridge.js';
import { FakeBackend } from './fakeBackend.js';
import { FakeIpcMain, FakeWindow, recordingLogger } from './fakeElectron.js';

const appPage = createAppPage('/app/renderer/dist/index.html', 'linux');

function wire(pageUrl: string) {
  const ipcMain = new FakeIpcMain();
  const backend = new FakeBackend();
  const window = new FakeWindow({});
  registerAdminIpc({ ipcMain, backend, appPage, getWindow: () => window, logger: recordingLogger() });
  const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
  const bridge: ConsoleBridge = createConsoleBridge({
    invoke: (channel, arg) => ipcMain.invoke(channel, { sender: window.webContents, senderFrame: { url: pageUrl, parent: null } }, arg),
    on: (channel, listener) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: () => {},
  });
  const deliverSent = () => {
    for (const { channel, args } of window.webContents.sent.splice(0)) for (const listener of listeners.get(channel) ?? []) listener({}, args[0]);
  };
  return { bridge, backend, deliverSent };
}

describe('renderer ⇄ preload ⇄ main', () => {
  it('a call from the console page reaches the backend and resolves with its result', async () => {
    const { bridge, backend } = wire(`${appPage.url}#/presence`);
    backend.answer = () => Promise.resolve({ version: '0.1.0', mode: 'embedded', readOnly: false, sandbox: true });
    assert.deepEqual(await bridge.call('getInfo', null), { version: '0.1.0', mode: 'embedded', readOnly: false, sandbox: true });
  });

  it('a backend error arrives as an Error whose message is the JSON {code, message}', async () => {
    const { bridge, backend } = wire(appPage.url);
    backend.answer = () => Promise.reject({ code: 'NOT_FOUND', message: 'no node node-9' });
    await assert.rejects(bridge.call('removeSandboxNode', { nodeId: 'node-9' }), (error: Error) => {
      assert.deepEqual(JSON.parse(error.message), { code: 'NOT_FOUND', message: 'no node node-9' });
      return true;
    });
  });

  it('the same bridge in a page that is not the console is refused by main', async () => {
    const { bridge, backend } = wire('https://evil.example/');
    await assert.rejects(bridge.call('getOverview', null), (error: Error) => JSON.parse(error.message).code === 'FORBIDDEN_ORIGIN');
    assert.equal(backend.calls.length, 0);
  });

  it('backend events reach the page listener', () => {
    const { bridge, backend, deliverSent } = wire(appPage.url);
    const seen: unknown[] = [];
    bridge.on('overview', (payload) => seen.push(payload));
    backend.emit('overview', { mode: 'embedded', nodes: [] });
    deliverSent();
    assert.deepEqual(seen, [{ mode: 'embedded', nodes: [] }]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN_EVENTS, ADMIN_METHODS, callChannel, eventChannel } from '../../node-runtime/contract/index.js';
import { FakeBackend } from '../test/fakeBackend.js';
import { FakeIpcMain, FakeWebContents, FakeWindow, invokeEvent, recordingLogger } from '../test/fakeElectron.js';
import { registerAdminIpc, toSerializedAdminError } from './adminIpc.js';
import { createAppPage } from './appPage.js';
import type { WindowPort } from './ports.js';

const appPage = createAppPage('/app/renderer/dist/index.html', 'linux');
const topFrame = (url = `${appPage.url}#/topology`) => ({ url, parent: null });

function setup() {
  const ipcMain = new FakeIpcMain();
  const backend = new FakeBackend();
  const logger = recordingLogger();
  let window: WindowPort | null = new FakeWindow({});
  const dispose = registerAdminIpc({ ipcMain, backend, appPage, getWindow: () => window, logger });
  const ours = () => window!.webContents;
  return {
    ipcMain,
    backend,
    logger,
    dispose,
    window: () => window as FakeWindow,
    setWindow: (next: WindowPort | null) => (window = next),
    callAs: (channel: string, sender: unknown, frame: { url: string; parent: unknown } | null, arg?: unknown) =>
      ipcMain.invoke(channel, invokeEvent(sender as FakeWebContents, frame), arg),
    call: (method: (typeof ADMIN_METHODS)[number], arg?: unknown) => ipcMain.invoke(callChannel(method), invokeEvent(ours(), topFrame()), arg),
  };
}

describe('registerAdminIpc', () => {
  it('registers exactly one handler per method of the contract', () => {
    const { ipcMain } = setup();
    assert.deepEqual([...ipcMain.handlers.keys()].sort(), ADMIN_METHODS.map(callChannel).sort());
  });

  it('answers a call from the console page with the backend result', async () => {
    const { backend, call } = setup();
    assert.deepEqual(await call('listPresence', { cursor: null, limit: 50, search: '' }), { ok: true, value: { answered: 'listPresence' } });
    assert.deepEqual(await call('getInfo'), { ok: true, value: { answered: 'getInfo' } });
    assert.deepEqual(backend.calls, [
      { method: 'listPresence', arg: { cursor: null, limit: 50, search: '' } },
      { method: 'getInfo', arg: null },
    ]);
  });

  it('turns backend failures into {code, message}', async () => {
    const { backend, call, logger } = setup();
    backend.answer = () => Promise.reject({ code: 'READ_ONLY', message: 'the console is read-only' });
    assert.deepEqual(await call('addSandboxNode'), { ok: false, error: { code: 'READ_ONLY', message: 'the console is read-only' } });
    backend.answer = () => Promise.reject(new Error('redis is down'));
    assert.deepEqual(await call('getOverview'), { ok: false, error: { code: 'INTERNAL', message: 'redis is down' } });
    assert.ok(logger.lines.some((line) => line.event === 'admin_call_failed' && line.fields.method === 'getOverview'));
  });

  const foreign: [string, (ctx: ReturnType<typeof setup>) => [unknown, { url: string; parent: unknown } | null]][] = [
    ['another WebContents (e.g. a devtools or popup page)', () => [new FakeWebContents(), topFrame()]],
    ['our window but a page from another origin', (ctx) => [ctx.window().webContents, topFrame('https://evil.example/')]],
    ['our window but another local file', (ctx) => [ctx.window().webContents, topFrame('file:///tmp/evil.html')]],
    ['a sub-frame of our page', (ctx) => [ctx.window().webContents, { url: appPage.url, parent: { url: appPage.url } }]],
    ['a frame that is already gone', (ctx) => [ctx.window().webContents, null]],
  ];
  for (const [name, sender] of foreign) {
    it(`rejects a call from ${name} with FORBIDDEN_ORIGIN and never reaches the backend`, async () => {
      const ctx = setup();
      const [contents, frame] = sender(ctx);
      const reply = (await ctx.callAs(callChannel('removeSandboxNode'), contents, frame, { nodeId: 'node-1' })) as { ok: boolean; error: { code: string } };
      assert.equal(reply.ok, false);
      assert.equal(reply.error.code, 'FORBIDDEN_ORIGIN');
      assert.equal(ctx.backend.calls.length, 0);
      assert.ok(ctx.logger.lines.some((line) => line.event === 'admin_ipc_forbidden'));
    });
  }

  it('rejects calls while there is no window, or after it was destroyed', async () => {
    const ctx = setup();
    const old = ctx.window();
    old.destroyed = true;
    const reply = (await ctx.callAs(callChannel('getInfo'), old.webContents, topFrame())) as { ok: boolean; error: { code: string } };
    assert.equal(reply.error.code, 'FORBIDDEN_ORIGIN');
    ctx.setWindow(null);
    const none = (await ctx.callAs(callChannel('getInfo'), old.webContents, topFrame())) as { ok: boolean; error: { code: string } };
    assert.equal(none.error.code, 'FORBIDDEN_ORIGIN');
    assert.equal(ctx.backend.calls.length, 0);
  });

  it('has no handler for a channel outside the contract', async () => {
    const { ipcMain, window } = setup();
    await assert.rejects(ipcMain.invoke('admin:call:shutdown', invokeEvent(window().webContents, topFrame())), /No handler/);
    await assert.rejects(ipcMain.invoke('admin:call:__proto__', invokeEvent(window().webContents, topFrame())), /No handler/);
  });

  it('forwards backend events to the window, payload only, on the event channels', () => {
    const { backend, window } = setup();
    backend.emit('overview', { nodes: [] });
    backend.emit('presence', [{ kind: 'online', userId: 1 }]);
    assert.deepEqual(window().webContents.sent, [
      { channel: eventChannel('overview'), args: [{ nodes: [] }] },
      { channel: eventChannel('presence'), args: [[{ kind: 'online', userId: 1 }]] },
    ]);
  });

  it('drops events while there is no live window', () => {
    const { backend, window, setWindow } = setup();
    const old = window();
    old.webContents.destroyed = true;
    backend.emit('overview', {});
    setWindow(null);
    backend.emit('overview', {});
    assert.deepEqual(old.webContents.sent, []);
  });

  it('the disposer removes every handler and event subscription', () => {
    const { ipcMain, backend, dispose } = setup();
    assert.equal(backend.listenerCount(), ADMIN_EVENTS.length);
    dispose();
    assert.equal(ipcMain.handlers.size, 0);
    assert.equal(backend.listenerCount(), 0);
  });
});

describe('toSerializedAdminError', () => {
  it('keeps contract errors, maps everything else to INTERNAL', () => {
    assert.deepEqual(toSerializedAdminError({ code: 'BAD_ARGUMENT', message: 'limit must be 1..500', extra: 1 }), { code: 'BAD_ARGUMENT', message: 'limit must be 1..500' });
    assert.deepEqual(toSerializedAdminError(Object.assign(new Error('nope'), { code: 'NOT_FOUND' })), { code: 'NOT_FOUND', message: 'nope' });
    assert.deepEqual(toSerializedAdminError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), { code: 'INTERNAL', message: 'connect ECONNREFUSED' });
    assert.deepEqual(toSerializedAdminError({ code: 'toString', message: 'x' }), { code: 'INTERNAL', message: 'x' });
    assert.deepEqual(toSerializedAdminError('boom'), { code: 'INTERNAL', message: 'boom' });
  });
});

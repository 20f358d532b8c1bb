import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callChannel, eventChannel, type ConsoleBridge } from '../../node-runtime/contract/index.js';
import { BRIDGE_KEY, exposeConsoleBridge, type IpcRendererPort } from './consoleBridge.js';

type RendererListener = (event: unknown, ...args: unknown[]) => void;

/** ipcRenderer as the preload sees it: records invokes, lets a test push messages from main. */
class FakeIpcRenderer implements IpcRendererPort {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, RendererListener[]>();
  reply: (channel: string, arg: unknown) => unknown = (channel) => ({ ok: true, value: `result of ${channel}` });
  /** The IPC event object Electron hands listeners; it must never reach the page. */
  readonly ipcEvent = { sender: this, senderId: 0, ports: [] };

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve(this.reply(channel, args[0]));
  }
  on(channel: string, listener: RendererListener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: RendererListener): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener));
    return this;
  }
  push(channel: string, payload: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(this.ipcEvent, payload);
  }
  count(): number {
    return [...this.listeners.values()].reduce((sum, list) => sum + list.length, 0);
  }
}

/** Runs the preload's exposure against a fake contextBridge; returns what the page would see. */
function preload() {
  const ipc = new FakeIpcRenderer();
  const exposed = new Map<string, unknown>();
  exposeConsoleBridge({ exposeInMainWorld: (key, api) => exposed.set(key, api) }, ipc);
  assert.deepEqual([...exposed.keys()], [BRIDGE_KEY]);
  return { ipc, bridge: exposed.get(BRIDGE_KEY) as ConsoleBridge };
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    return JSON.parse(error.message) as { code: string; message: string };
  }
  assert.fail('expected a rejection');
}

describe('preload bridge (window.chatConsole)', () => {
  it('exposes `call` and `on` only: no ipcRenderer, no send, frozen', () => {
    const { bridge, ipc } = preload();
    assert.deepEqual(Object.keys(bridge).sort(), ['call', 'on']);
    assert.ok(Object.isFrozen(bridge));
    assert.equal(Object.values(bridge).includes(ipc), false);
    assert.equal((bridge as unknown as Record<string, unknown>).ipcRenderer, undefined);
    assert.throws(() => Object.assign(bridge, { call: () => 'hijacked' }));
  });

  it('invokes the contract channel of a known method with its argument', async () => {
    const { bridge, ipc } = preload();
    assert.equal(await bridge.call('browseKv', { prefix: 'chat/' }), `result of ${callChannel('browseKv')}`);
    assert.equal(await bridge.call('getInfo', undefined), `result of ${callChannel('getInfo')}`);
    assert.deepEqual(ipc.invoked, [
      { channel: 'admin:call:browseKv', args: [{ prefix: 'chat/' }] },
      { channel: 'admin:call:getInfo', args: [null] },
    ]);
  });

  it('cannot be used to invoke any other channel', async () => {
    const { bridge, ipc } = preload();
    for (const method of ['shutdown', 'admin:call:getInfo', '../getInfo', 'getInfo ', '__proto__', 'constructor', 'toString', '', 42, null, { toString: () => 'getInfo' }]) {
      const error = await rejection(bridge.call(method as string, null));
      assert.equal(error.code, 'UNKNOWN_METHOD', String(method));
    }
    assert.deepEqual(ipc.invoked, []);
  });

  it('rejects with the {code, message} main answered', async () => {
    const { bridge, ipc } = preload();
    ipc.reply = () => ({ ok: false, error: { code: 'FORBIDDEN_ORIGIN', message: 'not the console page' } });
    assert.deepEqual(await rejection(bridge.call('getOverview', null)), { code: 'FORBIDDEN_ORIGIN', message: 'not the console page' });
    ipc.reply = () => 'something else';
    assert.equal((await rejection(bridge.call('getOverview', null))).code, 'INTERNAL');
  });

  it('subscribes to contract events only and hands listeners the payload, never the IPC event', () => {
    const { bridge, ipc } = preload();
    const seen: unknown[][] = [];
    const unsubscribe = bridge.on('presence', (...args: unknown[]) => seen.push(args));
    ipc.push(eventChannel('presence'), [{ kind: 'offline', userId: 7 }]);
    assert.deepEqual(seen, [[[{ kind: 'offline', userId: 7 }]]]);

    unsubscribe();
    unsubscribe();
    ipc.push(eventChannel('presence'), []);
    assert.equal(seen.length, 1);
    assert.equal(ipc.count(), 0);
  });

  it('refuses unknown events and non-function listeners without subscribing', () => {
    const { bridge, ipc } = preload();
    for (const event of ['admin:event:overview', 'ipc-message', '__proto__', 'overviewx']) {
      assert.throws(() => bridge.on(event, () => {}), /UNKNOWN_METHOD/, event);
    }
    assert.throws(() => bridge.on('overview', 'alert(1)' as unknown as () => void), TypeError);
    assert.equal(ipc.count(), 0);
  });
});

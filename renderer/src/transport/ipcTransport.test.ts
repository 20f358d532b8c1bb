import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConsoleBridge } from '../../../node-runtime/contract/index.js';
import { createIpcTransport, ipcError } from './ipcTransport.js';

describe('ipcTransport', () => {
  test('calls go through the bridge with null for no argument; events come back typed', async () => {
    const seen: [string, unknown][] = [];
    const listeners = new Map<string, (payload: unknown) => void>();
    const bridge: ConsoleBridge = {
      call: async (method, arg) => {
        seen.push([method, arg]);
        return { version: '1', mode: 'embedded', readOnly: false, sandbox: true };
      },
      on: (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    };
    const client = createIpcTransport(bridge);
    assert.equal((await client.call('getInfo', null)).version, '1');
    await client.call('removeSandboxNode', { nodeId: 'n2' });
    assert.deepEqual(seen, [
      ['getInfo', null],
      ['removeSandboxNode', { nodeId: 'n2' }],
    ]);
    const got: unknown[] = [];
    const off = client.on('presence', (payload) => got.push(payload));
    listeners.get('presence')?.([]);
    assert.deepEqual(got, [[]]);
    off();
    assert.equal(listeners.size, 0);
    assert.equal(client.eventsStatus().state, 'open');
  });

  test('errors from the main process keep their code when they carry one', () => {
    assert.deepEqual(ipcError({ code: 'READ_ONLY', message: 'read-only' }).toJSON(), { code: 'READ_ONLY', message: 'read-only' });
    assert.deepEqual(ipcError(new Error("Error invoking remote method 'admin:call:getInfo': Error: boom")).toJSON(), { code: 'INTERNAL', message: 'boom' });
    assert.deepEqual(
      ipcError(new Error(`Error invoking remote method 'admin:call:addSandboxNode': Error: {"code":"NOT_AVAILABLE","message":"not a sandbox"}`)).toJSON(),
      { code: 'NOT_AVAILABLE', message: 'not a sandbox' },
    );
  });
});

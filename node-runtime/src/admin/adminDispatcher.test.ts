/** The shared dispatcher: allowlist, argument shapes naming the field, read-only, and errors as plain `{code, message}`. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADMIN_METHODS, type SerializedAdminError } from '../../contract/index.js';
import { ChatError } from '../common/errors.js';
import { createAdminDispatcher, settleAdminCall, type AdminHandlers } from './adminDispatcher.js';
import { AdminError } from './adminErrors.js';

function fakeHandlers(calls: Array<[string, unknown]>): AdminHandlers {
  const record = (method: string) => async (arg: unknown) => {
    calls.push([method, arg]);
    return null as never;
  };
  return {
    getInfo: async (arg) => {
      calls.push(['getInfo', arg]);
      return { version: 'test', mode: 'embedded', readOnly: false, sandbox: true };
    },
    getOverview: record('getOverview'),
    listPresence: record('listPresence'),
    browseKv: record('browseKv'),
    addSandboxNode: record('addSandboxNode'),
    removeSandboxNode: record('removeSandboxNode'),
    getSettings: record('getSettings'),
    saveSettings: record('saveSettings'),
    getTrafficStatus: record('getTrafficStatus'),
    setTrafficFilter: record('setTrafficFilter'),
    watchTraffic: record('watchTraffic'),
    getTrafficMessage: record('getTrafficMessage'),
    getLabState: record('getLabState'),
    createLabUsers: record('createLabUsers'),
    closeLabUsers: record('closeLabUsers'),
    sendLabMessage: record('sendLabMessage'),
    startBlast: record('startBlast'),
    stopBlast: record('stopBlast'),
    getFailoverStatus: record('getFailoverStatus'),
    controlNode: record('controlNode'),
    saveScenario: record('saveScenario'),
    deleteScenario: record('deleteScenario'),
    runScenario: record('runScenario'),
    stopScenario: record('stopScenario'),
    getReport: record('getReport'),
    launchLocalNode: record('launchLocalNode'),
  };
}

async function refusal(promise: Promise<unknown>): Promise<SerializedAdminError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(!(error instanceof Error), 'the rejection is a plain object, not an Error');
    assert.deepEqual(Object.keys(error as object).sort(), ['code', 'message']);
    return error as SerializedAdminError;
  }
  assert.fail('expected a refusal');
}

describe('admin dispatcher', () => {
  test('only the methods of ADMIN_METHODS can be called', async () => {
    const calls: Array<[string, unknown]> = [];
    const dispatch = createAdminDispatcher(fakeHandlers(calls), { readOnly: false });
    for (const name of ['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '', 'getinfo']) {
      const error = await refusal(dispatch(name, null));
      assert.equal(error.code, 'UNKNOWN_METHOD', name);
    }
    assert.equal((await refusal(dispatch(42 as unknown as string, null))).code, 'UNKNOWN_METHOD');
    assert.deepEqual(await dispatch('getInfo', null), { version: 'test', mode: 'embedded', readOnly: false, sandbox: true });
    assert.equal(calls.length, 1);
    assert.equal(new Set(ADMIN_METHODS).size, ADMIN_METHODS.length, 'method names are unique across the contract files');
    assert.ok(ADMIN_METHODS.includes('getInfo') && ADMIN_METHODS.includes('saveSettings'));
  });

  test('arguments are checked per method, and the refusal names the field', async () => {
    const calls: Array<[string, unknown]> = [];
    const dispatch = createAdminDispatcher(fakeHandlers(calls), { readOnly: false });
    const cases: Array<[string, unknown, RegExp]> = [
      ['getInfo', { x: 1 }, /takes no argument/],
      ['getOverview', 'x', /takes no argument/],
      ['listPresence', null, /must be an object/],
      ['listPresence', [], /must be an object/],
      ['listPresence', { limit: 0, search: '' }, /"limit"/],
      ['listPresence', { limit: 501, search: '' }, /"limit"/],
      ['listPresence', { limit: 1.5, search: '' }, /"limit"/],
      ['listPresence', { limit: '10', search: '' }, /"limit"/],
      ['listPresence', { limit: 10, search: 5 }, /"search"/],
      ['listPresence', { limit: 10, cursor: 7 }, /"cursor"/],
      ['listPresence', { limit: 10, evil: true }, /unknown field "evil"/],
      ['browseKv', {}, /"prefix"/],
      ['browseKv', { prefix: 'x'.repeat(600) }, /"prefix" is longer/],
      ['removeSandboxNode', { nodeId: 'a.>' }, /"nodeId"/],
      ['removeSandboxNode', { node: 'node-1' }, /unknown field "node"/],
    ];
    for (const [method, arg, pattern] of cases) {
      const error = await refusal(dispatch(method, arg));
      assert.equal(error.code, 'BAD_ARGUMENT', `${method} ${JSON.stringify(arg)}`);
      assert.match(error.message, pattern, `${method} ${JSON.stringify(arg)}`);
    }
    assert.deepEqual(calls, [], 'no handler ran for a bad argument');
    await dispatch('listPresence', { limit: 10 });
    await dispatch('getOverview', undefined);
    assert.deepEqual(calls, [['listPresence', { cursor: null, limit: 10, search: '' }], ['getOverview', null]]);
  });

  test('read-only refuses the mutating methods before anything runs', async () => {
    const calls: Array<[string, unknown]> = [];
    const dispatch = createAdminDispatcher(fakeHandlers(calls), { readOnly: true });
    assert.equal((await refusal(dispatch('addSandboxNode', null))).code, 'READ_ONLY');
    assert.equal((await refusal(dispatch('removeSandboxNode', { nodeId: 'node-1' }))).code, 'READ_ONLY');
    assert.equal((await refusal(dispatch('removeSandboxNode', 'garbage'))).code, 'READ_ONLY');
    assert.equal((await refusal(dispatch('saveSettings', { nats: '', redis: '', consul: '', registry: '' }))).code, 'READ_ONLY');
    await dispatch('getOverview', null);
    await dispatch('getSettings', null);
    assert.deepEqual(calls, [['getOverview', null], ['getSettings', null]]);
  });

  test('saveSettings checks each field with the node parsers and the cluster combinations, naming the field', async () => {
    const calls: Array<[string, unknown]> = [];
    const dispatch = createAdminDispatcher(fakeHandlers(calls), { readOnly: false });
    const good = { nats: 'nats://127.0.0.1:4222', redis: 'redis://127.0.0.1:6379', consul: '', registry: '' };
    const cases: Array<[unknown, RegExp]> = [
      [null, /must be an object/],
      [{ ...good, extra: 'x' }, /unknown field "extra"/],
      [{ ...good, nats: 4222 }, /field "nats" must be a string/],
      [{ ...good, registry: 'etcd' }, /field "registry" must be consul, nats, memory or empty/],
      [{ ...good, nats: 'http://127.0.0.1:4222' }, /saveSettings: nats: .* must start with nats:\/\//],
      [{ ...good, redis: 'not a url' }, /saveSettings: redis: .*is not a URL/],
      [{ ...good, consul: 'redis://x' }, /saveSettings: consul: /],
      [{ ...good, redis: '' }, /saveSettings: redis: is required with --nats/],
      [{ ...good, nats: '' }, /saveSettings: nats: is required with --redis/],
      [{ ...good, registry: 'consul' }, /saveSettings: consul: is required with --registry consul/],
      [{ ...good, registry: 'memory' }, /saveSettings: registry: memory cannot be shared/],
      [{ nats: '', redis: '', consul: '', registry: 'nats' }, /saveSettings: nats: is required with --registry nats/],
      [{ ...good, nats: 'x'.repeat(3000) }, /"nats" is longer/],
    ];
    for (const [arg, pattern] of cases) {
      const error = await refusal(dispatch('saveSettings', arg));
      assert.equal(error.code, 'BAD_ARGUMENT', JSON.stringify(arg));
      assert.match(error.message, pattern, JSON.stringify(arg));
    }
    assert.deepEqual(calls, []);
    await dispatch('saveSettings', { ...good, nats: ' nats://127.0.0.1:4222 ' });
    await dispatch('saveSettings', { nats: '', redis: '', consul: '', registry: '' });
    await dispatch('saveSettings', {});
    assert.deepEqual(calls, [
      ['saveSettings', good],
      ['saveSettings', { nats: '', redis: '', consul: '', registry: '' }],
      ['saveSettings', { nats: '', redis: '', consul: '', registry: '' }],
    ]);
  });

  test('thrown errors become {code, message}: AdminError keeps its code, backend errors are NOT_AVAILABLE, the rest INTERNAL without a stack', async () => {
    const handlers = fakeHandlers([]);
    handlers.browseKv = async () => {
      throw new AdminError('NOT_FOUND', 'no such key');
    };
    handlers.getOverview = async () => {
      throw new ChatError('CONSUL_UNREACHABLE', 'consul unreachable at http://x');
    };
    handlers.listPresence = async () => {
      throw new TypeError('cannot read properties of undefined\n    at secret/file.ts:1:1');
    };
    handlers.addSandboxNode = async () => {
      throw 'a string';
    };
    const dispatch = createAdminDispatcher(handlers, { readOnly: false });
    assert.deepEqual(await refusal(dispatch('browseKv', { prefix: '' })), { code: 'NOT_FOUND', message: 'no such key' });
    assert.deepEqual(await refusal(dispatch('getOverview', null)), { code: 'NOT_AVAILABLE', message: 'consul unreachable at http://x' });
    const internal = await refusal(dispatch('listPresence', { limit: 1, search: '' }));
    assert.equal(internal.code, 'INTERNAL');
    assert.doesNotMatch(internal.message, /secret\/file|\n/);
    assert.equal((await refusal(dispatch('addSandboxNode', null))).code, 'INTERNAL');
    assert.deepEqual(await settleAdminCall(dispatch, 'nope', null), { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'unknown admin method "nope"' } });
    assert.deepEqual(await settleAdminCall(dispatch, 'removeSandboxNode', { nodeId: 'node-2' }), { ok: true, value: null });
  });
});

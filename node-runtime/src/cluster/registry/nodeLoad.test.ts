import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNodeLoad, InvalidNodeLoadError, loadFromMeta, loadToMeta, type NodeLoad } from './nodeLoad.js';

const LOAD: NodeLoad = { connections: 42, maxConnections: 1000, connectsPerSec: 12.5, msgsPerSec: 3.25, at: 1_700_000_000_123 };

describe('nodeLoad', () => {
  test('round-trips through Consul-style string meta, kept apart from the node meta', () => {
    const meta: Record<string, string> = { version: '1.0.0', ...loadToMeta(LOAD) };
    assert.equal(meta['load_connections'], '42');
    assert.deepEqual(loadFromMeta(meta), { meta: { version: '1.0.0' }, load: LOAD });
  });

  test('a partial or garbled load in meta reads as none, and the node meta stays clean', () => {
    const partial = { version: '1', load_connections: '5' };
    assert.deepEqual(loadFromMeta(partial), { meta: { version: '1' }, load: undefined });
    const garbled = { ...loadToMeta(LOAD), load_msgs_per_sec: 'lots' };
    assert.equal(loadFromMeta(garbled).load, undefined);
    assert.equal(loadFromMeta({ ...loadToMeta(LOAD), load_at: '-1' }).load, undefined);
  });

  test('checkNodeLoad names the bad field', () => {
    assert.deepEqual(checkNodeLoad(LOAD), LOAD);
    assert.throws(() => checkNodeLoad({ ...LOAD, connections: -1 }), (error: unknown) => error instanceof InvalidNodeLoadError && /connections/.test(error.message));
    assert.throws(() => checkNodeLoad({ ...LOAD, msgsPerSec: Number.NaN }), /msgsPerSec must be a finite number/);
    assert.throws(() => checkNodeLoad(null as unknown as NodeLoad), /expected an object/);
    assert.throws(() => checkNodeLoad({ ...LOAD, at: '1' } as unknown as NodeLoad), /at must be/);
  });
});

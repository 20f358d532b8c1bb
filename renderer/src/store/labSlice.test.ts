import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BlastTick, BlastView, LabMessageView, LabState } from '../../../node-runtime/contract/index.js';
import { FakeClient } from '../../test/fakeClient.js';
import { manualEnv } from '../../test/manualEnv.js';
import { createConsoleStore } from './index.js';
import { LAB_TICKS_KEPT } from './labSlice.js';

const EMPTY: LabState = { prefix: 'lab', users: [], messages: [], blast: null, blastTicks: [], maxPayloadBytes: 7936 };
const counts = { sent: 1, acknowledged: 1, delivered: 1, duplicated: 0, lost: 0, pending: 0, outOfOrder: 0, failedAttempts: 0 };
const latency = { count: 1, p50: 1, p90: 1, p99: 1, max: 1 };
const blast = (runId: string, state: BlastView['state'] = 'running'): BlastView => ({
  runId,
  spec: { pattern: 'p2p', ratePerSec: 10, durationMs: 1000, payloadBytes: 16 },
  state,
  startedAt: 0,
  endedAt: null,
  senders: 1,
  counts,
  latency,
  ackLatency: latency,
  reconnects: [],
  duplicates: [],
});
const tick = (elapsedMs: number): BlastTick => ({ elapsedMs, at: elapsedMs, counts, sentPerSec: 1, deliveredPerSec: 1, latency });
const message = (id: string, status: LabMessageView['status']): LabMessageView => ({
  id,
  kind: 'p2p',
  from: 'lab-001',
  to: 'lab-002',
  subject: 'chat.p2p.2',
  content: 'hi',
  msgId: null,
  status,
  error: null,
  sentAt: 0,
  hops: [],
  deliveries: [],
  expected: 1,
});

describe('lab slice', () => {
  test('events patch the loaded state: messages update in place, ticks accumulate per run and reset on a new run', async () => {
    const client = new FakeClient().answer('getLabState', () => EMPTY);
    const store = createConsoleStore(client, manualEnv());
    store.getState().applyLab({ kind: 'users', users: [] });
    assert.equal(store.getState().lab, null, 'nothing to patch before the first load');
    await store.getState().loadLab();
    store.getState().applyLab({ kind: 'message', message: message('m1', 'sending') });
    store.getState().applyLab({ kind: 'message', message: message('m1', 'delivered') });
    assert.deepEqual(store.getState().lab?.messages.map((m) => [m.id, m.status]), [['m1', 'delivered']]);

    store.getState().applyLab({ kind: 'blast', blast: blast('r1'), tick: null });
    store.getState().applyLab({ kind: 'blast', blast: blast('r1'), tick: tick(1000) });
    store.getState().applyLab({ kind: 'blast', blast: blast('r1'), tick: tick(1000) });
    store.getState().applyLab({ kind: 'blast', blast: blast('r1', 'done'), tick: tick(2000) });
    assert.deepEqual(store.getState().lab?.blastTicks.map((t) => t.elapsedMs), [1000, 2000], 'a repeated tick is kept once');
    assert.equal(store.getState().lab?.blast?.state, 'done');
    store.getState().applyLab({ kind: 'blast', blast: blast('r2'), tick: tick(1000) });
    assert.deepEqual(store.getState().lab?.blastTicks.map((t) => t.elapsedMs), [1000]);
    for (let i = 2; i <= LAB_TICKS_KEPT + 5; i++) store.getState().applyLab({ kind: 'blast', blast: blast('r2'), tick: tick(i * 1000) });
    assert.equal(store.getState().lab?.blastTicks.length, LAB_TICKS_KEPT);
  });

  test('a refused action keeps its error for the form and frees the buttons', async () => {
    const client = new FakeClient().answer('getLabState', () => EMPTY).fail('startBlast', 'NOT_AVAILABLE', 'a blast needs at least 2 connected lab users: create users first');
    const store = createConsoleStore(client, manualEnv());
    await store.getState().loadLab();
    assert.equal(await store.getState().startBlast({ pattern: 'p2p', ratePerSec: 10, durationMs: 1000, payloadBytes: 16 }), false);
    assert.deepEqual(store.getState().labActionError, { action: 'blast', error: { code: 'NOT_AVAILABLE', message: 'a blast needs at least 2 connected lab users: create users first' } });
    assert.equal(store.getState().labBusy, null);
    client.answer('createLabUsers', () => [{ username: 'lab-001', userId: 1, nodeId: 'node-1', server: '127.0.0.1:9000', state: 'ready' }]);
    assert.equal(await store.getState().createLabUsers({ count: 1, nodes: { kind: 'spread' } }), true);
    assert.equal(store.getState().labActionError, null);
    assert.deepEqual(store.getState().lab?.users.map((user) => user.nodeId), ['node-1']);
  });
});

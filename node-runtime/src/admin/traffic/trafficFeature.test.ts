/** The Traffic feature over a real embedded console host (in-process bus): lease, batches, filter, inspector, bus events. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TrafficBatch } from '../../../contract/index.js';
import { DEFAULT_NODE_CONFIG } from '../../config/nodeConfig.js';
import { silentLogger } from '../../common/logger.js';
import { validateAdminArgument } from '../adminArguments.js';
import { ConsoleHost } from '../consoleHost.js';
import { TrafficFeature, type TrafficBusEvent } from './trafficFeature.js';

const envelope = (from: number, to: number, content: string) =>
  Buffer.from(JSON.stringify({ kind: 'p2p', origin: 'test', node: 'node-1', entry: { seq: 1, msgId: 'm', fromId: from, fromUuid: 'u', toId: to, toInput: String(to), content, type: 'text', sentAt: Date.now() } }));

function nextBatch(feature: TrafficFeature, accept: (batch: TrafficBatch) => boolean, timeoutMs = 3000): Promise<TrafficBatch> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching traffic batch within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = feature.on('traffic', (batch) => {
      if (!accept(batch)) return;
      clearTimeout(timer);
      stop();
      resolve(batch);
    });
  });
}

describe('TrafficFeature on the embedded sandbox', { timeout: 30_000 }, () => {
  let host: ConsoleHost;
  before(async () => {
    host = new ConsoleHost({ node: { ...DEFAULT_NODE_CONFIG, port: 0, logLevel: 'silent' }, sandboxNodes: 1 });
    await host.start();
  });
  after(async () => host?.stop());

  const feature = () => new TrafficFeature({ host, readOnly: false, logger: silentLogger, now: Date.now }, { batchMs: 50, leaseMs: 400 });

  test('does not tap until watched, then sends batches, and stops when the lease runs out', async () => {
    const traffic = feature();
    const events: TrafficBusEvent[] = [];
    traffic.onBusEvent((event) => events.push(event));
    assert.equal(traffic.status().tapping, false);
    assert.equal((await traffic.handlers.getTrafficStatus(null)).connection, 'idle');
    const status = await traffic.handlers.watchTraffic(null);
    assert.deepEqual([status.tapping, status.source, status.connection], [true, 'memory', 'connected']);
    const batch = nextBatch(traffic, (candidate) => candidate.tail.length === 2);
    await host.backends.bus.publish('chat.p2p.7', envelope(3, 7, 'hello seven'));
    await host.backends.bus.publish('system.node-up', Buffer.from('{}'));
    const received = await batch;
    assert.deepEqual(received.tail.map((entry) => entry.subject), ['chat.p2p.7', 'system.node-up']);
    assert.equal(received.tail[0]?.preview, 'hello seven');
    assert.equal(received.counters.seen, 2);
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(traffic.status().tapping, false, 'the lease ran out');
    assert.deepEqual(events.filter((event) => event.type === 'tap').map((event) => (event.type === 'tap' ? event.state : '')), ['connected', 'stopped']);
    await host.backends.bus.publish('chat.p2p.7', envelope(3, 7, 'unheard'));
    await traffic.close();
  });

  test('a filter applies in the host; the inspector returns the decoded envelope; hold keeps the tap', async () => {
    const traffic = feature();
    const release = await traffic.hold();
    assert.deepEqual(traffic.setFilter({ user: '8' }), { subject: '', user: '8', group: '', node: '', text: '' });
    const batch = nextBatch(traffic, (candidate) => candidate.tail.length > 0);
    await host.backends.bus.publish('chat.p2p.7', envelope(3, 7, 'not for 8'));
    await host.backends.bus.publish('chat.p2p.8', envelope(3, 8, 'for 8'));
    const received = await batch;
    assert.deepEqual(received.tail.map((entry) => entry.preview), ['for 8']);
    const detail = await traffic.handlers.getTrafficMessage({ id: received.tail[0]!.id });
    assert.deepEqual((detail.envelope as { entry: { toId: number } }).entry.toId, 8);
    await assert.rejects(traffic.handlers.getTrafficMessage({ id: 999_999 }), /no longer kept/);
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(traffic.status().tapping, true, 'held past the lease');
    assert.ok((traffic.counters()?.seen ?? 0) >= 2);
    release();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(traffic.status().tapping, false);
    await traffic.close();
  });
});

describe('Traffic argument checks', () => {
  const refused = (method: 'setTrafficFilter' | 'getTrafficMessage', arg: unknown, pattern: RegExp) =>
    assert.throws(() => validateAdminArgument(method, arg), (error: unknown) => error instanceof Error && (error as { code?: string }).code === 'BAD_ARGUMENT' && pattern.test(error.message));

  test('accepts a partial filter and trims it', () => {
    assert.deepEqual(validateAdminArgument('setTrafficFilter', { subject: ' chat.> ', user: '12' }), { subject: 'chat.>', user: '12' });
  });

  test('refuses bad filters with the field named', () => {
    refused('setTrafficFilter', { subject: 'chat.(a|b)' }, /"subject".*bad token/);
    refused('setTrafficFilter', { subject: 'x'.repeat(257) }, /"subject" is longer than 256/);
    refused('setTrafficFilter', { user: 'alice' }, /"user" must be a numeric user id/);
    refused('setTrafficFilter', { group: '1'.repeat(16) }, /"group" is longer/);
    refused('setTrafficFilter', { node: 'a b' }, /"node" is not a node id/);
    refused('setTrafficFilter', { text: 'x'.repeat(201) }, /"text" is longer than 200/);
    refused('setTrafficFilter', { regex: '.*' }, /unknown field "regex"/);
    refused('setTrafficFilter', 'chat.>', /must be an object/);
    refused('getTrafficMessage', { id: -1 }, /"id" must be a whole number/);
  });
});

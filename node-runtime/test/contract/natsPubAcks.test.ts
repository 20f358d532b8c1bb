/**
 * The bus's own PubAck path (natsPubAcks.ts) against a real nats-server with JetStream: stored
 * publishes resolve, a duplicate Nats-Msg-Id is stored once, a refusal (message too large for
 * the stream), no stream (503 no responders) and no answer at all (a timeout) reject with errors
 * that say which, and nothing is left waiting.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { startNatsServer, type NatsHandle } from '../../../infrastructure/local/lib/natsServers.js';
import { PubAckCollector, PubAckError, PubAckTimeoutError } from '../../src/cluster/bus/natsPubAcks.js';

const stateDir = mkdtempSync(join(tmpdir(), 'chat-pubacks-'));
let server: NatsHandle | undefined;
let nc: NatsConnection;
let jsm: JetStreamManager;
let acks: PubAckCollector;
const bytes = (length: number) => new Uint8Array(length).fill(120);

before(async () => {
  server = await startNatsServer({ stateDir });
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: 'ACKS', subjects: ['acks.>'], max_msg_size: 1024 });
  acks = new PubAckCollector(nc);
});

after(async () => {
  acks?.close();
  await nc?.close();
  await server?.stopAll();
  rmSync(stateDir, { recursive: true, force: true });
});

test('a stored publish resolves, a repeat of its msgId is stored once', async () => {
  await Promise.all(Array.from({ length: 100 }, (_, index) => acks.publish(`acks.a.${index % 7}`, bytes(64), `id-${index}`, 2000)));
  await acks.publish('acks.a.0', bytes(64), 'id-3', 2000);
  const info = await jsm.streams.info('ACKS');
  assert.equal(info.state.messages, 100);
  assert.equal(acks.pending, 0);
});

test('JetStream refusing a message rejects with its error code', async () => {
  const error = await acks.publish('acks.big', bytes(4096), 'big-1', 2000).then(() => null, (failure: unknown) => failure);
  assert.ok(error instanceof PubAckError, String(error));
  assert.equal(error.apiCode, 10054); // message size exceeds maximum allowed
  assert.match(error.message, /acks\.big/);
});

test('a subject no stream takes is answered 503 (no responders)', async () => {
  const error = await acks.publish('nostream.x', bytes(8), 'n-1', 2000).then(() => null, (failure: unknown) => failure);
  assert.ok(error instanceof PubAckError, String(error));
  assert.equal(error.status, 503);
});

test('no answer within the timeout rejects with a timeout, and the late waiter is gone', async () => {
  const silent = nc.subscribe('silent.x'); // interest, so no 503, but nobody answers
  const started = Date.now();
  const error = await acks.publish('silent.x', bytes(8), 's-1', 200).then(() => null, (failure: unknown) => failure);
  silent.unsubscribe();
  assert.ok(error instanceof PubAckTimeoutError, String(error));
  assert.ok(Date.now() - started >= 200 && Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  assert.equal(acks.pending, 0);
});

test('failAll rejects every publish still waiting (a dropped connection) and leaves none behind', async () => {
  const silent = nc.subscribe('silent.y');
  const waiting = [acks.publish('silent.y', bytes(8), 'f-1', 5000), acks.publish('silent.y', bytes(8), 'f-2', 5000)];
  acks.failAll(new Error('connection lost'));
  const outcomes = await Promise.allSettled(waiting);
  silent.unsubscribe();
  assert.deepEqual(outcomes.map((outcome) => outcome.status), ['rejected', 'rejected']);
  assert.match(String((outcomes[0] as PromiseRejectedResult).reason), /connection lost/);
  assert.equal(acks.pending, 0);
});

/** Connection over in-memory Duplexes with fake timers: idle timeout, slow consumers, ordering, backpressure. */
import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { silentLogger } from '../common/logger.js';
import type { Frame } from '../protocol/frame.js';
import { encodeFrame } from '../protocol/frameEncoder.js';
import { Connection, MAX_RUN_FRAMES, type ConnectionOptions } from './connection.js';

/** A socket stand-in: what the test pushes in is read by the connection; writes are collected (or never drained). */
function fakeSocket(options: { drain?: boolean } = {}) {
  const written: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk);
      if (options.drain !== false) callback();
    },
    highWaterMark: 1024,
  });
  return { socket, written };
}

function makeConnection(socket: Duplex, overrides: Partial<ConnectionOptions> & { clock?: { now: number } } = {}) {
  const handled: Frame[] = [];
  const closes: string[] = [];
  const clock = overrides.clock ?? { now: 0 };
  const connection = new Connection(socket, {
    id: 1,
    maxBodyBytes: 8192,
    idleTimeoutMs: 180_000,
    maxOutboundBytes: 64 * 1024,
    maxPendingFrames: 4,
    logger: silentLogger,
    handleFrame: (_connection, frame) => {
      handled.push(frame);
    },
    onClose: (_connection, reason) => closes.push(reason),
    now: () => clock.now,
    ...overrides,
  });
  return { connection, handled, closes, clock };
}

describe('Connection', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  test('closes after the idle timeout with no complete frame, measured from the last frame', async () => {
    const { socket } = fakeSocket();
    const { closes, clock } = makeConnection(socket);
    clock.now = 100_000;
    socket.push(encodeFrame(1, 'ping'));
    await new Promise((resolve) => setImmediate(resolve));
    clock.now = 180_000;
    mock.timers.tick(180_000);
    assert.deepEqual(closes, [], 'only 80 s since the last frame');
    clock.now = 280_000;
    mock.timers.tick(100_000);
    assert.equal(closes.length, 1);
    assert.match(String(closes[0]), /^idle timeout: no frame for 180000 ms/);
  });

  test('half a frame does not count as activity', async () => {
    const { socket } = fakeSocket();
    const { closes, clock } = makeConnection(socket, { idleTimeoutMs: 1000 });
    socket.push(encodeFrame(1, 'ping').subarray(0, 5));
    await new Promise((resolve) => setImmediate(resolve));
    clock.now = 1000;
    mock.timers.tick(1000);
    assert.equal(closes.length, 1);
  });

  test('an idle timeout of 0 never closes', () => {
    const { socket } = fakeSocket();
    const { closes, clock } = makeConnection(socket, { idleTimeoutMs: 0 });
    clock.now = 10 ** 9;
    mock.timers.tick(10 ** 9);
    assert.deepEqual(closes, []);
  });

  test('a reader that never drains is dropped as a slow consumer once past the outbound limit', () => {
    const { socket } = fakeSocket({ drain: false });
    const { connection, closes } = makeConnection(socket, { maxOutboundBytes: 64 * 1024 });
    const body = Buffer.alloc(8000, 'a');
    let sent = 0;
    while (connection.send(208, body)) sent++;
    assert.ok(sent >= 7 && sent <= 9, `accepted ${sent} frames of 8 KB before closing`);
    assert.match(closes[0] as string, /^slow consumer: \d+ bytes unsent \(limit 65536, --max-outbound\)$/);
    assert.equal(connection.send(2, 'pong'), false, 'a closed connection takes nothing');
  });

  test('an oversize header closes with the reason, and frames before it are still handled', async () => {
    const { socket } = fakeSocket();
    const { handled, closes } = makeConnection(socket, { maxBodyBytes: 10 });
    const oversize = Buffer.alloc(8);
    oversize.writeUInt32LE(11, 0);
    socket.push(Buffer.concat([encodeFrame(1, 'ping'), oversize]));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(handled.map((f) => f.id), [1]);
    assert.equal(closes.length, 1);
    assert.match(closes[0] as string, /11/);
  });

  test('frames run one at a time in order even when handlers are slow, and reading pauses when too many wait', async () => {
    mock.timers.reset();
    const { socket } = fakeSocket();
    const order: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const { connection } = makeConnection(socket, {
      maxPendingFrames: 4,
      handleFrame: async (_connection, frame) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, frame.id % 3));
        order.push(frame.id);
        running--;
      },
    });
    const ids = Array.from({ length: 30 }, (_, i) => 100 + i);
    socket.push(Buffer.concat(ids.map((id) => encodeFrame(id, ''))));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(socket.isPaused(), true, 'reading paused while 30 frames wait');
    const deadline = Date.now() + 2000;
    while (order.length < ids.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(order, ids);
    assert.equal(maxRunning, 1);
    assert.equal(socket.isPaused(), false, 'reading resumed');
    connection.close('done');
  });

  test('back-to-back frames of a run id are handed over as runs, in order, split by other ids and by the run limit', async () => {
    mock.timers.reset();
    const { socket } = fakeSocket();
    const calls: string[] = [];
    const { connection } = makeConnection(socket, {
      maxPendingFrames: 1000,
      handleFrame: async (_connection, frame) => {
        await new Promise((resolve) => setImmediate(resolve));
        calls.push(`one ${frame.body.toString()}`);
      },
      runs: {
        accepts: (id) => id === 208,
        handle: async (_connection, frames) => {
          await new Promise((resolve) => setImmediate(resolve));
          calls.push(`run ${frames.map((frame) => frame.body.toString()).join(',')}`);
        },
      },
    });
    // The first 208 starts alone (nothing waits behind it yet); the rest queue while it runs.
    const first = [encodeFrame(208, 'a')];
    const rest = [encodeFrame(208, 'b'), encodeFrame(208, 'c'), encodeFrame(1, 'ping'), encodeFrame(208, 'd')];
    const many = Array.from({ length: MAX_RUN_FRAMES + 1 }, (_, i) => encodeFrame(208, `m${i}`));
    socket.push(Buffer.concat(first));
    socket.push(Buffer.concat([...rest, encodeFrame(1, 'sep'), ...many]));
    const deadline = Date.now() + 2000;
    while (calls.length < 7 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(calls.slice(0, 5), ['one a', 'run b,c', 'one ping', 'one d', 'one sep']);
    assert.equal(calls[5], `run ${Array.from({ length: MAX_RUN_FRAMES }, (_, i) => `m${i}`).join(',')}`);
    assert.equal(calls[6], `one m${MAX_RUN_FRAMES}`);
    connection.close('done');
  });

  test('a throwing handler costs only its own frame', async () => {
    const { socket } = fakeSocket();
    const seen: number[] = [];
    const { closes } = makeConnection(socket, {
      handleFrame: (_connection, frame) => {
        seen.push(frame.id);
        if (frame.id === 7) throw new Error('boom');
      },
    });
    socket.push(Buffer.concat([encodeFrame(7, ''), encodeFrame(8, '')]));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, [7, 8]);
    assert.deepEqual(closes, []);
  });

  test('frames sent in the same tick leave in one write, in order', async () => {
    const writes: Buffer[][] = [];
    const socket = new Duplex({
      read() {},
      writev(chunks, callback) {
        writes.push(chunks.map((item) => item.chunk as Buffer));
        callback();
      },
      write(chunk: Buffer, _encoding, callback) {
        writes.push([chunk]);
        callback();
      },
    });
    const { connection } = makeConnection(socket);
    connection.send(201, 'a');
    connection.send(202, 'b');
    connection.send(203, 'c');
    assert.equal(writes.length, 0, 'nothing written before the tick ends');
    await new Promise((resolve) => process.nextTick(resolve));
    assert.equal(writes.length, 1);
    assert.deepEqual(writes[0]!.map((frame) => frame.readUInt32LE(4)), [201, 202, 203]);
    connection.send(204, 'd');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(writes.length, 2);
    connection.close('done');
  });
});

/**
 * The MessageBus contract: every implementation (memory, NATS core, JetStream) must pass it.
 * Delivery is awaited with bounded waits, never assumed synchronous. "Did not arrive" is proved
 * with a fence: a later message on the same subscription that does arrive, since a bus keeps
 * one publisher's order. Every test uses its own subjects, so a shared real server is fine.
 */
import { describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { BusMessage, BusSubscription, MessageBus } from '../../src/cluster/bus/messageBus.js';
import { sleep, waitFor } from '../helpers/waitFor.js';
import { contractTest, uniqueToken } from './contractSupport.js';

export interface MessageBusContractOptions {
  /** Leading token(s) of every subject used; a durable bus needs them inside its streams. Default `chat`. */
  subjectPrefix?: string;
  /** Bound on waiting for a delivery. Default 2000 ms. */
  deliveryTimeoutMs?: number;
  /** How long silence must last where no fence is possible (after unsubscribe). Default 100 ms. */
  quietMs?: number;
  /** Bound on the 1,000-message ordering test. Default 10000 ms. */
  bulkTimeoutMs?: number;
  /** Pause after subscribing, for a bus whose subscriptions become active asynchronously. Default 0. */
  subscribeSettleMs?: number;
}

export interface MessageBusFixture {
  bus: MessageBus;
  cleanup: () => Promise<void>;
}

interface Recorder {
  readonly received: BusMessage[];
  readonly subscription: BusSubscription;
  subjects(): string[];
  texts(): string[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (value: string): Uint8Array => encoder.encode(value);

export function messageBusContract(
  name: string,
  factory: () => Promise<MessageBusFixture>,
  options: MessageBusContractOptions = {},
): void {
  const prefix = options.subjectPrefix ?? 'chat';
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 2000;
  const quietMs = options.quietMs ?? 100;
  const bulkTimeoutMs = options.bulkTimeoutMs ?? 10_000;
  const settleMs = options.subscribeSettleMs ?? 0;
  const test = contractTest();

  describe(`MessageBus contract: ${name}`, () => {
    let bus: MessageBus;
    let cleanup: () => Promise<void>;
    /** A fresh subject root for each test, e.g. `chat.ct-1a2b3c4d-7`. */
    let base: string;

    beforeEach(async () => {
      ({ bus, cleanup } = await factory());
      base = `${prefix}.${uniqueToken()}`;
    });

    afterEach(async () => {
      await cleanup();
    });

    function record(subject: string): Recorder {
      const received: BusMessage[] = [];
      const subscription = bus.subscribe(subject, (message) => received.push(message));
      return {
        received,
        subscription,
        subjects: () => received.map((message) => message.subject),
        texts: () => received.map((message) => decoder.decode(message.data)),
      };
    }

    async function settle(): Promise<void> {
      if (settleMs > 0) await sleep(settleMs);
    }

    async function until(recorder: Recorder, count: number, what: string, timeoutMs = deliveryTimeoutMs): Promise<void> {
      await waitFor(() => recorder.received.length >= count, timeoutMs, `${what} (have ${recorder.received.length}, want ${count})`);
    }

    test('delivers on an exact subject with a byte-exact payload', async () => {
      assert.equal(typeof bus.kind, 'string');
      assert.ok(bus.kind.length > 0);
      const subject = `${base}.exact`;
      const recorder = record(subject);
      assert.equal(recorder.subscription.subject, subject);
      await settle();

      const payload = new Uint8Array(259);
      for (let i = 0; i < 256; i++) payload[i] = i;
      payload.set([0, 0xff, 0], 256);
      const expected = Buffer.from(payload);
      await bus.publish(subject, payload);
      await bus.publish(subject, new Uint8Array(0));
      await until(recorder, 2, 'the binary and the empty message');

      const [binary, empty] = recorder.received;
      assert.equal(binary?.subject, subject);
      assert.ok(binary?.data instanceof Uint8Array);
      assert.deepEqual(Buffer.from(binary.data), expected);
      assert.equal(empty?.subject, subject);
      assert.equal(empty?.data.byteLength, 0);
    });

    test('a delivered payload does not change when the publisher reuses its buffer', async () => {
      const subject = `${base}.reuse`;
      const recorder = record(subject);
      await settle();
      const buffer = text('original');
      await bus.publish(subject, buffer);
      buffer.fill(0x21); // the publisher reuses its buffer once publish has resolved
      await until(recorder, 1, 'the message');
      assert.equal(recorder.texts()[0], 'original');
    });

    test('an exact subscription ignores sibling, longer and prefix-sharing subjects', async () => {
      const recorder = record(`${base}.a`);
      await settle();
      await bus.publish(`${base}.ab`, text('sibling'));
      await bus.publish(`${base}.a.x`, text('longer'));
      await bus.publish(base, text('shorter'));
      await bus.publish(`${base}.a`, text('fence'));
      await until(recorder, 1, 'the fence');
      await sleep(quietMs);
      assert.deepEqual(recorder.texts(), ['fence']);
    });

    test('`*` matches exactly one token', async () => {
      const recorder = record(`${base}.*`);
      await settle();
      await bus.publish(`${base}.one`, text('one'));
      await bus.publish(`${base}.one.two`, text('two tokens'));
      await bus.publish(base, text('no token'));
      await bus.publish(`${base}x.one`, text('other root'));
      await bus.publish(`${base}.fence`, text('fence'));
      await until(recorder, 2, 'one and the fence');
      assert.deepEqual(recorder.subjects(), [`${base}.one`, `${base}.fence`]);
      assert.deepEqual(recorder.texts(), ['one', 'fence']);
    });

    test('`*` in the middle of a subject matches one token there', async () => {
      const recorder = record(`${base}.*.end`);
      await settle();
      await bus.publish(`${base}.x.end`, text('x'));
      await bus.publish(`${base}.x.y.end`, text('two tokens'));
      await bus.publish(`${base}.end`, text('no token'));
      await bus.publish(`${base}.x.other`, text('other tail'));
      await bus.publish(`${base}.x.end.more`, text('longer'));
      await bus.publish(`${base}.z.end`, text('z'));
      await until(recorder, 2, 'x and z');
      assert.deepEqual(recorder.subjects(), [`${base}.x.end`, `${base}.z.end`]);
    });

    test('`>` matches one or more trailing tokens but never the bare prefix', async () => {
      const recorder = record(`${base}.>`);
      const nested = record(`${base}.a.>`);
      await settle();
      await bus.publish(base, text('bare prefix'));
      await bus.publish(`${base}x.a`, text('other root'));
      await bus.publish(`${base}.a`, text('one token'));
      await bus.publish(`${base}.a.b.c`, text('three tokens'));
      await bus.publish(`${base}.fence`, text('fence'));
      await until(recorder, 3, 'both matches and the fence');
      assert.deepEqual(recorder.subjects(), [`${base}.a`, `${base}.a.b.c`, `${base}.fence`]);
      // `<base>.a.>` does not match `<base>.a` itself.
      await until(nested, 1, 'the nested match');
      assert.deepEqual(nested.subjects(), [`${base}.a.b.c`]);
    });

    test('several subscribers each get one copy', async () => {
      const subject = `${base}.fan`;
      const recorders = [record(subject), record(subject), record(subject), record(`${base}.*`), record(`${base}.>`)];
      let twiceCalls = 0;
      const sameHandler = (): void => {
        twiceCalls += 1;
      };
      bus.subscribe(subject, sameHandler);
      bus.subscribe(subject, sameHandler);
      await settle();

      await bus.publish(subject, text('hello'));
      await bus.publish(subject, text('fence'));
      for (const [index, recorder] of recorders.entries()) await until(recorder, 2, `subscriber ${index}`);
      await waitFor(() => twiceCalls >= 4, deliveryTimeoutMs, 'the handler subscribed twice');
      await sleep(quietMs);
      for (const recorder of recorders) assert.deepEqual(recorder.texts(), ['hello', 'fence']);
      assert.equal(twiceCalls, 4, 'one handler subscribed twice is called once per subscription');
    });

    test('unsubscribe stops delivery (exact and wildcard) and leaves other subscriptions alone', async () => {
      const subject = `${base}.unsub`;
      const exact = record(subject);
      const wildcard = record(`${base}.*`);
      const sentinel = record(subject);
      await settle();
      await bus.publish(subject, text('before'));
      await until(exact, 1, 'the exact subscriber');
      await until(wildcard, 1, 'the wildcard subscriber');
      await until(sentinel, 1, 'the sentinel');

      exact.subscription.unsubscribe();
      wildcard.subscription.unsubscribe();
      exact.subscription.unsubscribe(); // a second call is harmless
      await bus.publish(subject, text('after'));
      await until(sentinel, 2, 'the sentinel after unsubscribe');
      await sleep(quietMs);
      assert.deepEqual(exact.texts(), ['before']);
      assert.deepEqual(wildcard.texts(), ['before']);
      assert.deepEqual(sentinel.texts(), ['before', 'after']);
    });

    test("preserves one publisher's order for 1,000 messages", async () => {
      const subject = `${base}.order`;
      const exact = record(subject);
      const wildcard = record(`${base}.>`);
      await settle();
      const count = 1000;
      const publishes: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const data = new Uint8Array(4);
        new DataView(data.buffer).setUint32(0, i);
        publishes.push(bus.publish(subject, data));
      }
      await Promise.all(publishes);
      await until(exact, count, 'all messages (exact)', bulkTimeoutMs);
      await until(wildcard, count, 'all messages (wildcard)', bulkTimeoutMs);
      const indexes = (recorder: Recorder): number[] =>
        recorder.received.map((message) => new DataView(message.data.buffer, message.data.byteOffset, message.data.byteLength).getUint32(0));
      const expected = Array.from({ length: count }, (_, i) => i);
      assert.deepEqual(indexes(exact), expected);
      assert.deepEqual(indexes(wildcard), expected);
    }, { timeout: bulkTimeoutMs + 5000 });

    test('keeps order across subjects for one wildcard subscriber', async () => {
      const recorder = record(`${base}.>`);
      await settle();
      const sent: string[] = [];
      for (let i = 0; i < 100; i++) {
        const subject = `${base}.${i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b.c' : 'd'}`;
        sent.push(`${subject}#${i}`);
        await bus.publish(subject, text(String(i)));
      }
      await until(recorder, 100, 'all 100 messages');
      assert.deepEqual(
        recorder.received.map((message) => `${message.subject}#${decoder.decode(message.data)}`),
        sent,
      );
    });

    test('publish to a subject nobody listens on resolves', async () => {
      await bus.publish(`${base}.nobody`, text('into the void'));
      await bus.publish(`${base}.nobody.deeper`, text('with an id'), { msgId: uniqueToken('msg') });
      // The bus still works afterwards.
      const recorder = record(`${base}.later`);
      await settle();
      await bus.publish(`${base}.later`, text('later'));
      await until(recorder, 1, 'a message after publishing to nobody');
      assert.deepEqual(recorder.texts(), ['later']);
    });

    test('request/reply: a served subject answers, each request gets its own reply', async () => {
      const subject = `admin.node.${uniqueToken()}.stats`;
      const served = bus.serve(subject, (data) => new TextEncoder().encode(`echo:${new TextDecoder().decode(data)}`));
      try {
        const replies = await Promise.all(['a', 'b', 'c'].map((text) => bus.request(subject, new TextEncoder().encode(text), 2000)));
        assert.deepEqual(replies.map((reply) => new TextDecoder().decode(reply)), ['echo:a', 'echo:b', 'echo:c']);
      } finally {
        served.unsubscribe();
      }
    });

    test('request/reply: nobody serving, or unserved again, rejects within the timeout', async () => {
      const subject = `admin.node.${uniqueToken()}.stats`;
      const started = Date.now();
      await assert.rejects(bus.request(subject, new Uint8Array([1]), 500));
      assert.ok(Date.now() - started < 2000, 'bounded');
      const served = bus.serve(subject, () => new Uint8Array([2]));
      assert.deepEqual([...(await bus.request(subject, new Uint8Array([1]), 2000))], [2]);
      served.unsubscribe();
      await assert.rejects(bus.request(subject, new Uint8Array([1]), 500));
    });

    test('publish after close rejects', async () => {
      await bus.close();
      await assert.rejects(() => bus.publish(`${base}.closed`, text('too late')));
    });
  });
}

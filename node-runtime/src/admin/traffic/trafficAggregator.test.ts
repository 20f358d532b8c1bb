import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EMPTY_FILTER, compileTailFilter } from './tailFilter.js';
import { TrafficAggregator } from './trafficAggregator.js';

const T0 = 1_700_000_000_000;

function clock(start = T0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function p2p(from: number, to: number, content: string, node = 'node-1'): Uint8Array {
  return Buffer.from(JSON.stringify({ kind: 'p2p', origin: 'i-1', node, entry: { seq: 1, msgId: 'm', fromId: from, fromUuid: 'u', toId: to, toInput: String(to), content, type: 'text', sentAt: T0 } }));
}

function group(sender: number, groupId: number, content: string, node = 'node-2'): Uint8Array {
  return Buffer.from(JSON.stringify({ kind: 'group', origin: 'i-2', node, pushedAt: T0, record: { id: 1, msgId: 'g', groupId, senderId: sender, senderUuid: 'u', senderName: 'bob', content, createdAt: T0 } }));
}

describe('TrafficAggregator', () => {
  test('decodes envelopes into tail entries with class, node, users, group and a preview', () => {
    const time = clock();
    const aggregator = new TrafficAggregator({ now: time.now });
    aggregator.record('chat.p2p.2', p2p(1, 2, 'hello'));
    aggregator.record('chat.group.9', group(3, 9, 'hi all'));
    aggregator.record('system.node-up', Buffer.from('not json'));
    const batch = aggregator.drain();
    assert.deepEqual(
      batch.tail.map((entry) => [entry.subject, entry.cls, entry.kind, entry.node, entry.fromUser, entry.toUser, entry.group, entry.preview]),
      [
        ['chat.p2p.2', 'p2p', 'p2p', 'node-1', 1, 2, null, 'hello'],
        ['chat.group.9', 'group', 'group', 'node-2', 3, null, 9, 'bob: hi all'],
        ['system.node-up', 'system', 'raw', null, null, null, null, 'not json'],
      ],
    );
    assert.deepEqual(batch.counters, { seen: 3, seenBytes: batch.counters.seenBytes, matched: 3, shown: 3, undecodable: 1 });
    const detail = aggregator.detail(batch.tail[0]!.id);
    assert.equal((detail?.envelope as { entry: { content: string } }).entry.content, 'hello');
  });

  test('filters by subject pattern, user, group, node and text; counters stay exact', () => {
    const aggregator = new TrafficAggregator({ now: clock().now });
    const cases: Array<[Partial<typeof EMPTY_FILTER>, string[]]> = [
      [{ subject: 'chat.group.*' }, ['chat.group.9']],
      [{ user: '2' }, ['chat.p2p.2']],
      [{ user: '3' }, ['chat.group.9']],
      [{ group: '9' }, ['chat.group.9']],
      [{ node: 'node-1' }, ['chat.p2p.2']],
      [{ text: 'HELLO' }, ['chat.p2p.2']],
      [{ text: 'p2p' }, ['chat.p2p.2']],
    ];
    for (const [filter, subjects] of cases) {
      aggregator.setPredicate(compileTailFilter({ ...EMPTY_FILTER, ...filter }));
      aggregator.record('chat.p2p.2', p2p(1, 2, 'hello'));
      aggregator.record('chat.group.9', group(3, 9, 'hi all'));
      assert.deepEqual(aggregator.drain().tail.map((entry) => entry.subject), subjects, JSON.stringify(filter));
    }
    assert.equal(aggregator.counters.seen, 14, 'every message is counted whatever the filter');
    assert.equal(aggregator.counters.matched, 1, 'matches count from the last filter change');
  });

  test('above the tail budget it keeps 1 in N, says N, and counts every message', () => {
    const time = clock();
    let step = 0;
    // A fixed sequence 0, 0.01, …, 0.99: exactly 1 in 100 draws is below 1/100.
    const aggregator = new TrafficAggregator({ now: time.now, tailPerBatch: 50, random: () => (step++ % 100) / 100 });
    const payload = p2p(1, 2, 'x');
    for (let i = 0; i < 5000; i++) aggregator.record('chat.p2p.2', payload);
    const first = aggregator.drain();
    assert.equal(first.sampleEvery, 1);
    assert.equal(first.tail.length, 50, 'the first batch is capped at the budget');
    assert.equal(first.matchedInBatch, 5000);
    for (let i = 0; i < 5000; i++) aggregator.record('chat.p2p.2', payload);
    const second = aggregator.drain();
    assert.equal(second.sampleEvery, 100, 'N follows the previous batch: 5000 / 50');
    assert.equal(second.tail.length, 50);
    assert.equal(second.tail[1]!.id - second.tail[0]!.id, 100, '1 in 100');
    assert.deepEqual(aggregator.counters, { seen: 10_000, seenBytes: 10_000 * payload.byteLength, matched: 10_000, shown: 100, undecodable: 0 });
    const third = aggregator.drain();
    assert.equal(third.sampleEvery, 100);
    assert.equal(aggregator.drain().sampleEvery, 1, 'quiet again: every match is shown');
  });

  test('per-second rates by class and node; silent seconds are zero points, a long gap at most five', () => {
    const time = clock();
    const aggregator = new TrafficAggregator({ now: time.now });
    aggregator.record('chat.p2p.2', p2p(1, 2, 'a'));
    aggregator.record('chat.group.9', group(3, 9, 'b'));
    aggregator.record('chat.group.9', group(3, 9, 'c'));
    assert.deepEqual(aggregator.drain().rates, [], 'the second is not over yet');
    time.advance(3000);
    const rates = aggregator.drain().rates;
    assert.deepEqual(rates.map((point) => [point.at - T0, point.msgs]), [[0, 3], [1000, 0], [2000, 0]]);
    assert.deepEqual(rates[0]!.byClass, { p2p: 1, group: 2, membership: 0, system: 0, other: 0 });
    assert.deepEqual(rates[0]!.byNode, { 'node-1': 1, 'node-2': 2 });
    time.advance(60_000);
    assert.equal(aggregator.drain().rates.length, 6, 'the current second closed plus five zero points');
  });

  test('top subjects by recent rate; the subject map and the inspector stay bounded', () => {
    const time = clock();
    const aggregator = new TrafficAggregator({ now: time.now, inspectable: 10 });
    for (let user = 0; user < 25_000; user++) aggregator.record(`chat.p2p.${user}`, p2p(1, user, 'x'));
    for (let i = 0; i < 50; i++) aggregator.record('chat.group.9', group(3, 9, 'hot'));
    assert.ok(aggregator.trackedSubjects <= 10_000, `${aggregator.trackedSubjects} subjects tracked`);
    time.advance(5000);
    const top = aggregator.drain().top;
    assert.equal(top[0]?.subject, 'chat.group.9');
    assert.equal(top[0]?.msgs, 50);
    assert.equal(top.length, 12, 'the busiest 12');
    assert.equal(aggregator.detail(1), null, 'old messages leave the inspector');
    assert.equal(aggregator.counters.shown, 60, 'one batch shows at most 60');
    assert.ok(aggregator.detail(60), 'the newest shown messages stay');
    assert.equal(aggregator.detail(50), null, 'only the last 10 are kept');
  });
});

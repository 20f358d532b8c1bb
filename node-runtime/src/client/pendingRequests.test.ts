import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingRequests } from './pendingRequests.js';
import { ConnectionClosedError, NoReplyError, RequestTimeoutError } from './clientErrors.js';

const frame = (id: number, text = '{}') => ({ id, body: Buffer.from(text) });
const opts = (responseId: number, extra: { key?: string; strictOrder?: boolean; timeoutMs?: number } = {}) => ({
  label: `req→${responseId}`,
  responseId,
  timeoutMs: extra.timeoutMs ?? 1000,
  strictOrder: extra.strictOrder ?? false,
  ...(extra.key ? { key: extra.key } : {}),
});

describe('PendingRequests', () => {
  test('matches replies to the oldest waiter of the same id', async () => {
    const pending = new PendingRequests();
    const a = pending.add(opts(105));
    const b = pending.add(opts(105));
    const c = pending.add(opts(212));
    assert.equal(pending.settle(frame(212, 'c')), true);
    assert.equal(pending.settle(frame(105, 'a')), true);
    assert.equal(pending.settle(frame(105, 'b')), true);
    assert.equal(pending.settle(frame(105, 'x')), false, 'nobody waits: unsolicited');
    assert.deepEqual([(await a).body.toString(), (await b).body.toString(), (await c).body.toString()], ['a', 'b', 'c']);
  });

  test('a reply echoing a key goes to the waiter with that key', async () => {
    const pending = new PendingRequests();
    const first = pending.add(opts(1003, { key: 'k1' }));
    const second = pending.add(opts(1003, { key: 'k2' }));
    pending.settle(frame(1003, 'two'), 'k2');
    pending.settle(frame(1003, 'one'), 'k1');
    assert.equal((await first).body.toString(), 'one');
    assert.equal((await second).body.toString(), 'two');
    assert.equal(pending.settle(frame(1003), 'unknown'), false);
  });

  test('a late reply to a timed-out request is swallowed, not given to the next waiter', async () => {
    const pending = new PendingRequests();
    const slow = pending.add(opts(212, { timeoutMs: 10 }));
    await assert.rejects(slow, RequestTimeoutError);
    const next = pending.add(opts(212));
    assert.equal(pending.settle(frame(212, 'late')), true);
    assert.equal(pending.size, 1);
    pending.settle(frame(212, 'mine'));
    assert.equal((await next).body.toString(), 'mine');
  });

  test('a later request answered first: strict waiters fail fast, timed-out leftovers are forgotten', async () => {
    const pending = new PendingRequests();
    const dropped = pending.add(opts(311, { strictOrder: true }));
    const lenient = pending.add(opts(216));
    const later = pending.add(opts(2));
    pending.settle(frame(2, 'pong'));
    await assert.rejects(dropped, NoReplyError);
    await later;
    assert.equal(pending.size, 1, 'the non-strict waiter keeps waiting');
    pending.settle(frame(216));
    await lenient;
  });

  test('rejectAll rejects every live waiter', async () => {
    const pending = new PendingRequests();
    const all = [pending.add(opts(105)), pending.add(opts(212))];
    pending.rejectAll(new ConnectionClosedError('test'));
    for (const p of all) await assert.rejects(p, ConnectionClosedError);
    assert.equal(pending.size, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blastContent, parseBlastContent } from './blastContent.js';
import { DeliveryLedger } from './deliveryLedger.js';

describe('DeliveryLedger', () => {
  test('counts duplicates (with both copies named), out-of-order receptions, and lost only after the grace period', () => {
    const ledger = new DeliveryLedger(() => ['bob']);
    for (let seq = 0; seq < 4; seq++) {
      ledger.sent(0, seq, 0);
      ledger.acknowledged(0, seq, 10);
    }
    assert.equal(ledger.received('bob', 0, 0, 20), 20);
    assert.equal(ledger.received('bob', 0, 2, 30), 30);
    assert.equal(ledger.received('bob', 0, 1, 40, 'm1#2', 100), 40);
    assert.equal(ledger.received('bob', 0, 1, 50, 'm1#3', 123), null);
    assert.deepEqual(ledger.duplicates(), [{ username: 'bob', lane: 0, seq: 1, first: 'm1#2', again: 'm1#3', at: 123 }]);
    const early = ledger.snapshot(1000, 5000);
    assert.deepEqual([early.delivered, early.duplicated, early.outOfOrder, early.pending, early.lost], [3, 1, 1, 1, 0]);
    assert.deepEqual([ledger.snapshot(10_000, 5000).pending, ledger.snapshot(10_000, 5000).lost], [0, 1]);
    ledger.settle();
    assert.equal(ledger.snapshot(1000, 5000).lost, 1);
  });

  test('a push that beats its ack is not lost; an unacknowledged message is never lost', () => {
    const ledger = new DeliveryLedger(() => ['a', 'b']);
    ledger.sent(3, 0, 0);
    ledger.received('a', 3, 0, 5);
    ledger.received('b', 3, 0, 6);
    ledger.acknowledged(3, 0, 8);
    ledger.sent(3, 1, 9);
    ledger.settle();
    const counts = ledger.snapshot(100, 0);
    assert.deepEqual([counts.sent, counts.acknowledged, counts.delivered, counts.lost], [2, 1, 2, 0]);
  });

  test('blast content carries run, lane and seq, padded to the payload size', () => {
    const content = blastContent('ab12cd34', 7, 1234, 64);
    assert.equal(content.length, 64);
    assert.deepEqual(parseBlastContent(content, 'ab12cd34'), { lane: 7, seq: 1234 });
    assert.equal(parseBlastContent(content, 'other'), null);
    assert.equal(parseBlastContent('ab12cd34||x', 'ab12cd34'), null);
  });
});

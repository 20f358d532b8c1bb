/** The client's exactly-once bookkeeping: out-of-order seqs, duplicates, contiguous acks and gap syncs. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { DeliveryTracker } from './deliveryTracker.js';

describe('DeliveryTracker', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  function make() {
    const acks: number[] = [];
    const gaps: number[] = [];
    const tracker = new DeliveryTracker((seq) => (acks.push(seq), true), 20, (since) => gaps.push(since), 300);
    tracker.resume();
    return { tracker, acks, gaps };
  }

  test('an out-of-order seq is shown, not mistaken for a duplicate, and acks stop at the gap', () => {
    const { tracker, acks } = make();
    assert.equal(tracker.accept(1), true);
    assert.equal(tracker.accept(3), true, 'seq 3 overtook seq 2');
    mock.timers.tick(20);
    assert.deepEqual(acks, [1], 'only the contiguous prefix is acknowledged');
    assert.equal(tracker.accept(2), true, 'the late seq 2 is still new');
    assert.equal(tracker.lastSeq, 3);
    mock.timers.tick(20);
    assert.deepEqual(acks, [1, 3]);
  });

  test('duplicates are dropped whether below the prefix or above it', () => {
    const { tracker } = make();
    tracker.accept(1);
    tracker.accept(4);
    assert.equal(tracker.accept(1), false);
    assert.equal(tracker.accept(4), false);
    assert.equal(tracker.accept(2), true);
  });

  test('a gap that stays open asks for a sync from the prefix; a filled gap does not', () => {
    const { tracker, gaps } = make();
    tracker.accept(1);
    tracker.accept(3);
    mock.timers.tick(299);
    assert.deepEqual(gaps, []);
    mock.timers.tick(1);
    assert.deepEqual(gaps, [1]);
    const second = make();
    second.tracker.accept(2);
    second.tracker.accept(1);
    mock.timers.tick(1000);
    assert.deepEqual(second.gaps, []);
  });

  test('seqs the server no longer has are skipped after a sync, so the prefix can move on', () => {
    const { tracker, acks } = make();
    tracker.accept(1);
    tracker.accept(5);
    tracker.skipMissing(1, 4);
    assert.equal(tracker.lastSeq, 3, 'seqs 2 and 3 are gone on the server');
    tracker.accept(4);
    assert.equal(tracker.lastSeq, 5);
    mock.timers.tick(20);
    assert.deepEqual(acks.at(-1), 5);
  });
});

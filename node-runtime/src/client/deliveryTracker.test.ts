/** The client's exactly-once, in-order bookkeeping: holes, duplicates, contiguous acks and gap syncs. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { DeliveryTracker } from './deliveryTracker.js';

describe('DeliveryTracker', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  function make() {
    const acks: number[] = [];
    const gaps: number[] = [];
    const tracker = new DeliveryTracker<string>((seq) => (acks.push(seq), true), 20, (since) => gaps.push(since), 300);
    tracker.resume();
    const take = (seq: number) => tracker.accept(seq, `m${seq}`);
    return { tracker, acks, gaps, take };
  }

  test('a push above a hole is held, then released in order when the hole fills; acks stop at the hole', () => {
    const { tracker, acks, take } = make();
    assert.deepEqual(take(1), ['m1']);
    assert.deepEqual(take(3), [], 'seq 3 overtook seq 2: held');
    mock.timers.tick(20);
    assert.deepEqual(acks, [1], 'only the contiguous prefix is acknowledged');
    assert.deepEqual(take(2), ['m2', 'm3'], 'the late seq 2 releases 3 behind it');
    assert.equal(tracker.lastSeq, 3);
    mock.timers.tick(20);
    assert.deepEqual(acks, [1, 3]);
  });

  test('duplicates are dropped whether below the prefix or held above it', () => {
    const { take } = make();
    take(1);
    take(4);
    assert.deepEqual(take(1), []);
    assert.deepEqual(take(4), []);
    assert.deepEqual(take(2), ['m2']);
    assert.deepEqual(take(3), ['m3', 'm4']);
  });

  test('a hole that stays open asks for a sync from the prefix; a filled one does not', () => {
    const { gaps, take } = make();
    take(1);
    take(3);
    mock.timers.tick(299);
    assert.deepEqual(gaps, []);
    mock.timers.tick(1);
    assert.deepEqual(gaps, [1]);
    const second = make();
    second.take(2);
    second.take(1);
    mock.timers.tick(1000);
    assert.deepEqual(second.gaps, []);
  });

  test('seqs the server no longer has are skipped after a sync, releasing what waited behind them', () => {
    const { tracker, acks, take } = make();
    take(1);
    take(5);
    assert.deepEqual(tracker.skipMissing(1, 4), [], 'seqs 2 and 3 are gone; 4 comes with the sync');
    assert.equal(tracker.lastSeq, 3);
    assert.deepEqual(take(4), ['m4', 'm5']);
    mock.timers.tick(20);
    assert.deepEqual(acks.at(-1), 5);
  });

  test('what a sync could not fill is released in seq order rather than withheld', () => {
    const { tracker, take } = make();
    take(1);
    take(6);
    take(4);
    assert.deepEqual(tracker.releaseHeld(), ['m4', 'm6']);
    assert.equal(tracker.lastSeq, 1, 'still acknowledging only what is contiguous');
    assert.deepEqual(take(4), [], 'a released push is still a duplicate later');
  });
});

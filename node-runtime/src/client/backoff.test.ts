import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, reconnectPolicy } from './backoff.js';

describe('backoff', () => {
  test('grows by the factor and stops at the cap', () => {
    const policy = reconnectPolicy({ initialDelayMs: 100, maxDelayMs: 1000, factor: 3, jitter: false });
    assert.deepEqual([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n)), [100, 300, 900, 1000, 1000]);
  });

  test('jitter keeps each delay within [half, full]', () => {
    const policy = reconnectPolicy({ initialDelayMs: 200, jitter: true });
    assert.equal(backoffDelay(policy, 1, () => 0), 100);
    assert.equal(backoffDelay(policy, 1, () => 1), 200);
  });

  test('undefined options fall back to defaults', () => {
    const policy = reconnectPolicy({ initialDelayMs: undefined, factor: 2 });
    assert.equal(policy.initialDelayMs, 250);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GO_ZERO_TIME, formatGoDateTime, formatRfc3339, unixSeconds } from './timeFormat.js';
import { isRfc3339 } from './rfc3339.js';

describe('timeFormat', () => {
  const date = new Date(Date.UTC(2025, 4, 18, 8, 28, 1, 123));

  test('formatRfc3339 is UTC with milliseconds and valid for Go', () => {
    assert.equal(formatRfc3339(date), '2025-05-18T08:28:01.123Z');
    assert.ok(isRfc3339(formatRfc3339(date)));
    assert.ok(isRfc3339(GO_ZERO_TIME));
    assert.throws(() => formatRfc3339(new Date(Number.NaN)), RangeError);
    assert.throws(() => formatRfc3339(new Date(Date.UTC(10000, 0, 1))), RangeError);
  });

  test('formatGoDateTime uses the local zone', () => {
    const local = new Date(2025, 0, 2, 3, 4, 5, 678);
    assert.equal(formatGoDateTime(local), '2025-01-02 03:04:05');
  });

  test('unixSeconds floors like Go', () => {
    assert.equal(unixSeconds(date), 1747556881);
    assert.equal(unixSeconds(new Date(-1)), -1);
  });
});

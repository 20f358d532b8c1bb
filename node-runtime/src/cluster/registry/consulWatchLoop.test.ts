/** The blocking loop's client obligations (reference §1.4), driven by a scripted fetch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockingWatchLoop, type BlockingResponse, type WatchLoopSettings } from './consulWatchLoop.js';

type Step = number | Error;

function scripted(steps: Step[], settings: Partial<WatchLoopSettings> = {}) {
  const sent: number[] = [];
  const results: { index: number; changed: boolean; reset: boolean }[] = [];
  const errors: number[] = [];
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const loop = new BlockingWatchLoop<null>(
    {
      async fetch(index, _wait, signal) {
        sent.push(index);
        const step = steps.shift();
        if (step === undefined) {
          done();
          return new Promise<BlockingResponse<null>>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
        }
        if (step instanceof Error) throw step;
        return { body: null, index: step, knownLeader: true };
      },
      onResult: (response, info) => results.push({ index: response.index, ...info }),
      onError: (_error, consecutive) => errors.push(consecutive),
    },
    { waitMs: 1000, burst: 100, refillMs: 1, minBackoffMs: 1, maxBackoffMs: 5, ...settings },
  );
  return { loop, sent, results, errors, finished };
}

test('indexes: first read non-blocking, then the last index; backwards → 0; a 0 index → 1 (not a reset); an error → a fresh read', async () => {
  const run = scripted([10, 10, 12, 5, 7, 0, 3, new Error('down'), 9]);
  run.loop.start();
  await run.finished;
  await run.loop.stop();
  assert.deepEqual(run.sent, [0, 10, 10, 12, 0, 7, 1, 3, 0, 9]);
  assert.deepEqual(run.results.map((r) => r.changed), [true, false, true, true, true, true, true, true]);
  assert.deepEqual(run.results.map((r) => r.reset), [false, false, false, true, false, false, false, false]);
  assert.equal(run.loop.stats.resets, 1);
  assert.deepEqual(run.errors, [1]);
  assert.equal(run.loop.inSync, false, 'stopped');
});

test('a churning index is paced by the token bucket, not a busy loop', async () => {
  const run = scripted(Array.from({ length: 8 }, (_, i) => i + 1), { burst: 2, refillMs: 40 });
  const started = Date.now();
  run.loop.start();
  await run.finished;
  await run.loop.stop();
  const elapsed = Date.now() - started;
  // 9 requests with a burst of 2 and one more per 40 ms: at least 7 × 40 ms.
  assert.ok(elapsed >= 7 * 40 * 0.9, `9 requests took ${elapsed} ms`);
});

test('errors back off exponentially up to the cap; nudge() ends a backoff at once', async () => {
  const run = scripted([new Error('a'), new Error('b'), new Error('c'), 4], { minBackoffMs: 20, maxBackoffMs: 40 });
  const started = Date.now();
  run.loop.start();
  await run.finished;
  assert.ok(Date.now() - started >= (20 + 40 + 40) * 0.8, 'waited 20, 40, 40 ms (±20 %)');
  assert.deepEqual(run.errors, [1, 2, 3]);
  assert.equal(run.loop.inSync, true);
  await run.loop.stop();

  const nudged = scripted([new Error('down'), 1], { minBackoffMs: 10_000, maxBackoffMs: 10_000 });
  nudged.loop.start();
  while (nudged.errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const at = Date.now();
  nudged.loop.nudge();
  await nudged.finished;
  assert.ok(Date.now() - at < 1000, 'the 10 s backoff was cut short');
  await nudged.loop.stop();
});

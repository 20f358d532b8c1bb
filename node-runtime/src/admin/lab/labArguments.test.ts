import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LAB_ARGUMENTS } from './labArguments.js';

describe('Test lab argument checks', () => {
  test('valid requests pass through with defaults', () => {
    assert.deepEqual(LAB_ARGUMENTS.createLabUsers({ count: 4 }), { count: 4, nodes: { kind: 'spread' } });
    assert.deepEqual(LAB_ARGUMENTS.createLabUsers({ count: 1, nodes: { kind: 'node', nodeId: 'node-2' } }), { count: 1, nodes: { kind: 'node', nodeId: 'node-2' } });
    assert.deepEqual(LAB_ARGUMENTS.startBlast({ pattern: 'group', ratePerSec: 500, durationMs: 30_000 }), { pattern: 'group', ratePerSec: 500, durationMs: 30_000, payloadBytes: 64 });
    assert.deepEqual(LAB_ARGUMENTS.sendLabMessage({ kind: 'group', from: 'lab-001', content: 'hi' }), { kind: 'group', from: 'lab-001', to: '', content: 'hi' });
  });

  const refusals: [keyof typeof LAB_ARGUMENTS, unknown, RegExp][] = [
    ['createLabUsers', { count: 201 }, /"count" must be a whole number from 1 to 200/],
    ['createLabUsers', { count: 1, nodes: { kind: 'node', nodeId: 'a.>' } }, /not a node id/],
    ['createLabUsers', { count: 1, nodes: { kind: 'random' } }, /"nodes.kind" must be/],
    ['startBlast', { pattern: 'p2p', ratePerSec: 20_001, durationMs: 1000 }, /"ratePerSec" must be a whole number from 1 to 20000/],
    ['startBlast', { pattern: 'p2p', ratePerSec: 10, durationMs: 600_001 }, /"durationMs" must be a whole number from 1000 to 600000/],
    ['startBlast', { pattern: 'p2p', ratePerSec: 10, durationMs: 1000, payloadBytes: 8 }, /"payloadBytes"/],
    ['startBlast', { pattern: 'fanout', ratePerSec: 10, durationMs: 1000 }, /"pattern" must be "p2p" or "group"/],
    ['startBlast', { pattern: 'p2p', ratePerSec: 10, durationMs: 1000, extra: 1 }, /unknown field "extra"/],
    ['sendLabMessage', { kind: 'p2p', from: 'lab-001', content: 'x' }, /"to" must name a lab user/],
    ['sendLabMessage', { kind: 'p2p', from: 'lab-001', to: 'lab-002', content: '' }, /"content" must not be empty/],
    ['stopBlast', { now: true }, /takes no argument/],
  ];
  for (const [method, arg, message] of refusals) {
    test(`${method} refuses ${JSON.stringify(arg)}`, () => {
      assert.throws(() => (LAB_ARGUMENTS[method] as (value: unknown) => unknown)(arg), (error: Error & { code?: string }) => error.code === 'BAD_ARGUMENT' && message.test(error.message));
    });
  }
});

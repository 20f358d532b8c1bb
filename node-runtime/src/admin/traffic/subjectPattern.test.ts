import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileSubjectPattern, SubjectPatternError } from './subjectPattern.js';

const CASES: ReadonlyArray<[pattern: string, subject: string, matches: boolean]> = [
  ['', 'chat.p2p.1', true],
  ['chat.p2p.1', 'chat.p2p.1', true],
  ['chat.p2p.1', 'chat.p2p.12', false],
  ['chat.p2p.*', 'chat.p2p.12', true],
  ['chat.p2p.*', 'chat.p2p', false],
  ['chat.p2p.*', 'chat.p2p.1.x', false],
  ['chat.*.7', 'chat.group.7', true],
  ['chat.*.7', 'chat.group.8', false],
  ['chat.>', 'chat.group.7', true],
  ['chat.>', 'chat', false],
  ['chat.>', 'chatter.x', false],
  ['*.membership.>', 'system.membership.3', true],
  ['*.membership.>', 'system.membership', false],
  ['>', 'system.node-up', true],
];

describe('subject patterns (NATS wildcard semantics, no regular expressions)', () => {
  for (const [pattern, subject, expected] of CASES) {
    test(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${subject}`, () => {
      assert.equal(compileSubjectPattern(pattern)(subject), expected);
    });
  }

  for (const [label, pattern] of [
    ['a > before the end', 'chat.>.x'],
    ['an empty token', 'chat..p2p'],
    ['a regex', 'chat.(p2p|group).*'],
    ['a partial wildcard', 'chat.p2p.1*'],
    ['a space', 'chat. p2p'],
    ['too long', `chat.${'x'.repeat(300)}`],
  ] as const) {
    test(`refuses ${label}`, () => {
      assert.throws(() => compileSubjectPattern(pattern), (error: unknown) => error instanceof SubjectPatternError && error.message.length < 200);
    });
  }
});

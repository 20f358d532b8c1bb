import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { InvalidSubjectTokenError, Subjects, subjectToken } from './subjects.js';

/** Every builder that takes a variable part, and how many tokens its subject has. */
const BUILDERS: ReadonlyArray<{ name: string; build: (value: string | number) => string; tokens: number }> = [
  { name: 'p2p', build: (value) => Subjects.p2p(value as number), tokens: 3 },
  { name: 'group', build: (value) => Subjects.group(value as number), tokens: 3 },
  { name: 'groupMembership', build: (value) => Subjects.groupMembership(value as number), tokens: 3 },
  { name: 'system', build: (value) => Subjects.system(value as string), tokens: 2 },
];

const UNSAFE: ReadonlyArray<[string, string | number]> = [
  ['a dot', '1.2'],
  ['a dot that would add a wildcard token', '1.*'],
  ['a dot that would add a tail wildcard', '1.>'],
  ['a whole subject', 'chat.>'],
  ['a star', '*'],
  ['a star inside', 'a*b'],
  ['a greater-than', '>'],
  ['a greater-than inside', 'a>b'],
  ['a space', 'a b'],
  ['a leading space', ' 1'],
  ['a tab', 'a\tb'],
  ['a newline', 'a\nb'],
  ['a trailing newline', '42\n'],
  ['a carriage return', '42\r'],
  ['a NUL', 'a\u0000b'],
  ['a non-breaking space', 'a\u00a0b'],
  ['a latin letter with accent', 'josé'],
  ['CJK', '用户'],
  ['an emoji', '🙂'],
  ['a full-width digit', '１'],
  ['empty', ''],
  ['129 characters', 'x'.repeat(129)],
  ['10,000 characters', '9'.repeat(10_000)],
  ['a fractional number', 1.5],
  ['a negative fraction', -0.25],
  ['a number printed with an exponent', 1e21],
];

function isWildcard(token: string): boolean {
  return token === '*' || token === '>';
}

function assertInvalid(run: () => unknown, value: string | number): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InvalidSubjectTokenError, `expected InvalidSubjectTokenError, got ${String(error)}`);
    assert.equal(error.code, 'INVALID_SUBJECT_TOKEN');
    assert.equal(error.token, String(value));
    return true;
  });
}

describe('subjectToken', () => {
  for (const [label, value] of UNSAFE) {
    test(`rejects ${label}`, () => {
      assertInvalid(() => subjectToken(value), value);
    });
  }

  test('no builder lets an unsafe value into a subject', () => {
    for (const [, value] of UNSAFE) {
      for (const builder of BUILDERS) assertInvalid(() => builder.build(value), value);
    }
  });

  test('accepts numeric ids, uuids and plain names', () => {
    for (const value of [0, 1, 42, 2 ** 31 - 1, Number.MAX_SAFE_INTEGER, -7]) assert.equal(subjectToken(value), String(value));
    const uuid = randomUUID();
    assert.equal(subjectToken(uuid), uuid);
    for (const name of ['node-up', 'node_down', 'A', 'x'.repeat(128)]) assert.equal(subjectToken(name), name);
  });

  test('builders produce the documented subjects', () => {
    assert.equal(Subjects.p2p(42), 'chat.p2p.42');
    assert.equal(Subjects.group(7), 'chat.group.7');
    assert.equal(Subjects.groupMembership(7), 'system.membership.7');
    assert.equal(Subjects.system('node-up'), 'system.node-up');
    assert.equal(Subjects.chatAll, 'chat.>');
    assert.equal(Subjects.systemAll, 'system.>');
    assert.equal(Subjects.groupMembershipAll, 'system.membership.*');
  });

  test('the error message stays short for a huge value', () => {
    const huge = 'a.'.repeat(50_000);
    try {
      subjectToken(huge);
      assert.fail('accepted an unsafe token');
    } catch (error) {
      assert.ok(error instanceof InvalidSubjectTokenError);
      assert.ok(error.message.length < 200, `message is ${error.message.length} characters`);
    }
  });
});

describe('subject properties', () => {
  /** Strings rich in the characters that could change a subject's meaning. */
  const hostileUnit = fc.constantFrom('a', 'Z', '7', '-', '_', '.', '*', '>', ' ', '\t', '\n', '\r', '\u0000', 'é', '用', '🙂', '\u200b');
  const candidates = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 140 }),
    fc.string({ unit: hostileUnit, maxLength: 140 }),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/),
    fc.uuid(),
  );

  test('any string subjectToken accepts yields exactly the expected tokens and no wildcard', () => {
    fc.assert(
      fc.property(candidates, (value) => {
        let token: string;
        try {
          token = subjectToken(value);
        } catch (error) {
          assert.ok(error instanceof InvalidSubjectTokenError);
          return;
        }
        assert.equal(token, value);
        assert.ok(value.length >= 1 && value.length <= 128);
        assert.doesNotMatch(value, /[.*>\s]/u);
        assert.doesNotMatch(value, /[^\x21-\x7e]/u, 'only printable ASCII');
        // Only the string-taking builder: the numeric ones also demand a safe integer (tested below).
        for (const builder of BUILDERS.filter((b) => b.name === 'system')) {
          const tokens = builder.build(value).split('.');
          assert.equal(tokens.length, builder.tokens, `${builder.name}(${JSON.stringify(value)})`);
          assert.equal(tokens.at(-1), value);
          assert.ok(!tokens.some(isWildcard), 'no wildcard token');
          assert.ok(!tokens.some((part) => part === ''), 'no empty token');
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('integer ids always make a subject with one id token', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (id) => {
        for (const builder of BUILDERS.filter((b) => b.name !== 'system')) {
          const tokens = builder.build(id).split('.');
          assert.equal(tokens.length, builder.tokens);
          assert.equal(tokens.at(-1), String(id));
        }
      }),
    );
  });

  test('numeric builders reject negative, fractional and non-finite ids', () => {
    for (const id of [-1, 1.5, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      for (const builder of BUILDERS.filter((b) => b.name !== 'system')) assertInvalid(() => builder.build(id), id);
    }
  });

  test('any number either makes a subject with one id token or is rejected', () => {
    fc.assert(
      fc.property(fc.double(), (id) => {
        try {
          const tokens = Subjects.p2p(id).split('.');
          assert.equal(tokens.length, 3);
          assert.ok(!tokens.some(isWildcard));
        } catch (error) {
          assert.ok(error instanceof InvalidSubjectTokenError);
        }
      }),
    );
  });
});

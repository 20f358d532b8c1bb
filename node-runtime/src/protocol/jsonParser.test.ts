import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJson } from './jsonParser.js';
import { decodeGoJson } from './goJson.js';

/** JSON.parse, but with lone surrogates replaced as Go (and parseJson) replace them. */
function goLikeParse(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) =>
    typeof value === 'string' ? value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd') : value,
  );
}

describe('parseJson', () => {
  test('parses every value kind', () => {
    assert.deepEqual(parseJson(' {"a":[1,-2.5e3,true,false,null,"x"],"b":{},"c":[]} '), {
      ok: true,
      value: { a: [1, -2500, true, false, null, 'x'], b: {}, c: [] },
    });
  });

  test('duplicate keys: last wins; __proto__ is an own property like JSON.parse', () => {
    const result = parseJson('{"a":1,"a":2,"__proto__":{"x":1}}');
    assert.deepEqual(result, { ok: true, value: JSON.parse('{"a":1,"a":2,"__proto__":{"x":1}}') });
    assert.equal(Object.getPrototypeOf(result.ok ? result.value : null), Object.prototype);
  });

  test('rejects what RFC 8259 rejects', () => {
    for (const bad of ['', '[1,]', '{"a":1,}', '01', '1.', '.5', '"\\a"', '[', '{"a"}', "'x'", '"a\u0001"', 'nul', '[1]]', 'Infinity']) {
      assert.equal(parseJson(bad).ok, false, bad);
    }
  });

  test('nesting beyond 10000 fails without a stack overflow', () => {
    assert.equal(parseJson(`${'['.repeat(10000)}${']'.repeat(10000)}`).ok, true);
    assert.deepEqual(parseJson('['.repeat(1_000_000)), { ok: false, error: "invalid character '[' exceeded max depth" });
  });

  for (const stringUnit of ['grapheme', 'binary'] as const) {
    test(`agrees with JSON.parse on JSON.stringify of arbitrary values (${stringUnit} strings)`, () => {
      fc.assert(
        fc.property(fc.jsonValue({ stringUnit }), fc.boolean(), (value, pretty) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined);
          const parsed = parseJson(Buffer.from(text, 'utf8'));
          assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
          assert.deepEqual(parsed.value, goLikeParse(text));
        }),
        { numRuns: 500 },
      );
    });
  }

  test('decodeGoJson accepts any JSON object, ignoring unknown keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const result = decodeGoJson(Buffer.from(JSON.stringify(object)), { zzz_never_present: 'string' });
        assert.ok(result.ok || !('zzz_never_present' in object), result.ok ? '' : result.error);
      }),
      { numRuns: 300 },
    );
  });
});

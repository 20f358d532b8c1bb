import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGoJson } from './goJson.js';
import type { DecodeResult, Schema } from './goJson.js';

const TEXT = { to_user_id: 'string', content: 'string', sent_at: 'time' } as const satisfies Schema;
const GROUP = { group_id: 'uint32', user_id: 'uint64', offset: 'int', is_admin: 'bool' } as const satisfies Schema;

function decode<S extends Schema>(json: string | Buffer, schema: S): DecodeResult<unknown> {
  return decodeGoJson(typeof json === 'string' ? Buffer.from(json, 'utf8') : json, schema);
}
function ok<S extends Schema>(json: string | Buffer, schema: S): unknown {
  const result = decode(json, schema);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}
function fails<S extends Schema>(json: string | Buffer, schema: S, error?: string | RegExp): void {
  const result = decode(json, schema);
  assert.equal(result.ok, false, `expected ${String(json).slice(0, 60)} to fail`);
  if (!result.ok && error !== undefined) {
    if (typeof error === 'string') assert.equal(result.error, error);
    else assert.match(result.error, error);
  }
}

describe('decodeGoJson: keys and values', () => {
  test('decodes a typical body with its types', () => {
    assert.deepEqual(ok('{"group_id":7,"user_id":18446744073709551615,"offset":-3,"is_admin":true}', GROUP), {
      group_id: 7, user_id: 2 ** 64, offset: -3, is_admin: true,
    });
  });

  test('absent fields get zero values; null top level gives all zeros', () => {
    const zero = { to_user_id: '', content: '', sent_at: null };
    assert.deepEqual(ok('{}', TEXT), zero);
    assert.deepEqual(ok(' null ', TEXT), zero);
    assert.deepEqual(ok('{"other":1}', GROUP), { group_id: 0, user_id: 0, offset: 0, is_admin: false });
  });

  test('keys match case-insensitively, exact match preferred', () => {
    assert.deepEqual(ok('{"TO_USER_ID":"bob","Content":"hi"}', TEXT), { to_user_id: 'bob', content: 'hi', sent_at: null });
    assert.deepEqual(ok('{"\\u0074o_user_id":"esc"}', TEXT), { to_user_id: 'esc', content: '', sent_at: null });
    // U+212A KELVIN SIGN folds to k, as in Go.
    assert.deepEqual(ok('{"\u212Aey":"v"}', { key: 'string' }), { key: 'v' });
    assert.deepEqual(ok('{"ID":1,"id":2}', { id: 'int', ID: 'int' }), { id: 2, ID: 1 });
  });

  test('repeated keys: last wins, across case variants too', () => {
    assert.deepEqual(ok('{"content":"a","content":"b"}', TEXT), { to_user_id: '', content: 'b', sent_at: null });
    assert.deepEqual(ok('{"content":"a","CONTENT":"b","Content":"c"}', TEXT), { to_user_id: '', content: 'c', sent_at: null });
  });

  test('null for a field is a no-op (zero value, or an earlier value of a repeated key)', () => {
    assert.deepEqual(ok('{"group_id":null,"is_admin":null}', GROUP), { group_id: 0, user_id: 0, offset: 0, is_admin: false });
    assert.deepEqual(ok('{"group_id":5,"group_id":null}', GROUP), { group_id: 5, user_id: 0, offset: 0, is_admin: false });
    assert.deepEqual(ok('{"sent_at":null}', TEXT), { to_user_id: '', content: '', sent_at: null });
  });

  test('unknown keys are ignored whatever they hold', () => {
    const body = '{"x":{"a":[1,{"b":[true,false,null,"s\\n"]}],"c":{}},"y":[],"to_user_id":"bob","z":-1.5e+3}';
    assert.deepEqual(ok(body, TEXT), { to_user_id: 'bob', content: '', sent_at: null });
  });

  test('-0 for int decodes to 0, and the int64 range is exact', () => {
    assert.ok(Object.is((ok('{"offset":-0}', GROUP) as { offset: number }).offset, 0));
    ok('{"offset":-9223372036854775808}', GROUP);
    ok('{"offset":9223372036854775807}', GROUP);
    fails('{"offset":9223372036854775808}', GROUP);
    fails('{"offset":-9223372036854775809}', GROUP);
  });

  test('uint boundaries', () => {
    assert.deepEqual(ok('{"group_id":4294967295,"user_id":0}', GROUP), { group_id: 4294967295, user_id: 0, offset: 0, is_admin: false });
    fails('{"user_id":18446744073709551616}', GROUP, /number 18446744073709551616 .* uint64$/);
  });

  test('invalid UTF-8 becomes U+FFFD', () => {
    const body = Buffer.concat([Buffer.from('{"content":"a'), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from('b"}')]);
    assert.deepEqual(ok(body, TEXT), { to_user_id: '', content: 'a\ufffd\ufffdb', sent_at: null });
  });

  test('string escapes, including surrogate pairs and lone surrogates', () => {
    const value = ok('{"content":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\ud800x\\udc00"}', TEXT) as { content: string };
    assert.equal(value.content, '"\\/\b\f\n\r\t\u00e9\u{1f600}\ufffdx\ufffd');
  });

  test('accepts a Uint8Array', () => {
    assert.deepEqual(decodeGoJson(new TextEncoder().encode('{"content":"hi"}'), TEXT), {
      ok: true, value: { to_user_id: '', content: 'hi', sent_at: null },
    });
  });
});

describe('decodeGoJson: type errors', () => {
  const cases: Array<[string, Schema, string]> = [
    ['{"group_id":"5"}', GROUP, 'json: cannot unmarshal string into Go struct field .group_id of type uint32'],
    ['{"group_id":5.0}', GROUP, 'json: cannot unmarshal number 5.0 into Go struct field .group_id of type uint32'],
    ['{"group_id":5e0}', GROUP, 'json: cannot unmarshal number 5e0 into Go struct field .group_id of type uint32'],
    ['{"group_id":-1}', GROUP, 'json: cannot unmarshal number -1 into Go struct field .group_id of type uint32'],
    ['{"group_id":4294967296}', GROUP, 'json: cannot unmarshal number 4294967296 into Go struct field .group_id of type uint32'],
    ['{"user_id":-0}', GROUP, 'json: cannot unmarshal number -0 into Go struct field .user_id of type uint64'],
    ['{"offset":1.5}', GROUP, 'json: cannot unmarshal number 1.5 into Go struct field .offset of type int'],
    ['{"offset":1E2}', GROUP, 'json: cannot unmarshal number 1E2 into Go struct field .offset of type int'],
    ['{"content":5}', TEXT, 'json: cannot unmarshal number into Go struct field .content of type string'],
    ['{"content":true}', TEXT, 'json: cannot unmarshal bool into Go struct field .content of type string'],
    ['{"content":["x"]}', TEXT, 'json: cannot unmarshal array into Go struct field .content of type string'],
    ['{"content":{}}', TEXT, 'json: cannot unmarshal object into Go struct field .content of type string'],
    ['{"is_admin":"true"}', GROUP, 'json: cannot unmarshal string into Go struct field .is_admin of type bool'],
    ['{"is_admin":1}', GROUP, 'json: cannot unmarshal number into Go struct field .is_admin of type bool'],
    ['{"group_id":true}', GROUP, 'json: cannot unmarshal bool into Go struct field .group_id of type uint32'],
    ['[]', TEXT, 'json: cannot unmarshal array into Go value of type struct'],
    ['"x"', TEXT, 'json: cannot unmarshal string into Go value of type struct'],
    ['5', TEXT, 'json: cannot unmarshal number into Go value of type struct'],
    ['true', TEXT, 'json: cannot unmarshal bool into Go value of type struct'],
  ];
  for (const [body, schema, error] of cases) {
    test(body, () => fails(body, schema, error));
  }

  test('the first type error is reported, and a later valid repeat does not clear it', () => {
    fails('{"group_id":"a","is_admin":1,"group_id":3}', GROUP, /string into Go struct field \.group_id/);
  });

  test('a syntax error anywhere wins over an earlier type error', () => {
    fails('{"group_id":"a",}', GROUP, "invalid character '}' looking for beginning of object key string");
  });

  test('error strings stay short for huge literals', () => {
    const result = decode(`{"group_id":${'9'.repeat(8000)}}`, GROUP);
    assert.ok(!result.ok && result.error.length < 200);
    const time = decode(`{"sent_at":"${'x'.repeat(8000)}"}`, TEXT);
    assert.ok(!time.ok && time.error.length < 200);
  });
});

describe('decodeGoJson: time fields', () => {
  const valid = [
    '2025-05-18T16:28:01.123+08:00',
    '2025-05-18T08:28:01Z',
    '0001-01-01T00:00:00Z',
    '2024-02-29T23:59:59.999999999-23:59',
    '2000-02-29T00:00:00.1Z',
    '9999-12-31T23:59:59+00:00',
  ];
  for (const value of valid) {
    test(`accepts ${value} and returns it unchanged`, () => {
      assert.deepEqual(ok(`{"sent_at":"${value}"}`, TEXT), { to_user_id: '', content: '', sent_at: value });
    });
  }
  const invalid = [
    '', 'now', '2025-05-18', '2025-05-18 08:28:01Z', '2025-05-18t08:28:01Z', '2025-05-18T08:28:01z',
    '2025-13-01T00:00:00Z', '2025-00-01T00:00:00Z', '2025-04-31T00:00:00Z', '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z', '2025-05-18T24:00:00Z', '2025-05-18T23:60:00Z', '2025-05-18T23:59:60Z',
    '2025-05-18T08:28:01.Z', '2025-05-18T08:28:01', '2025-05-18T08:28:01+0800', '2025-05-18T08:28:01+24:00',
    '2025-05-18T08:28:01+08:60', '2025-05-18T08:28:01Z ', '25-05-18T08:28:01Z', '2025-5-18T08:28:01Z',
    '2025-05-18T08:28:01,123Z', '+2025-05-18T08:28:01Z',
  ];
  for (const value of invalid) {
    test(`rejects ${JSON.stringify(value)}`, () => fails(`{"sent_at":"${value}"}`, TEXT, /^parsing time/));
  }

  test('rejects a valid time written with escapes (Go parses the raw bytes)', () => {
    fails('{"sent_at":"2025-05-18T08:28:01\\u005a"}', TEXT, /^parsing time/);
  });

  test('rejects non-strings', () => {
    for (const v of ['0', 'true', '[]', '{}']) fails(`{"sent_at":${v}}`, TEXT, /cannot unmarshal .* of type time\.Time/);
  });
});

describe('decodeGoJson: syntax errors', () => {
  const cases: Array<[string, string]> = [
    ['', 'unexpected end of JSON input'],
    ['   ', 'unexpected end of JSON input'],
    ['{', 'unexpected end of JSON input'],
    ['{"content":"abc', 'unexpected end of JSON input'],
    ['{"content":"a"', 'unexpected end of JSON input'],
    ['{"content":"a"} x', "invalid character 'x' after top-level value"],
    ['{"content":"a"}{}', "invalid character '{' after top-level value"],
    ['{"content" "a"}', `invalid character '"' after object key`],
    ['{"content":"a" "b"}', `invalid character '"' after object key:value pair`],
    ['{"x":[1 2]}', "invalid character '2' after array element"],
    ['{"x":[1,]}', "invalid character ']' looking for beginning of value"],
    ["{'x':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"x":01}', "invalid character '1' after object key:value pair"],
    ['{"x":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"x":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"x":-}', "invalid character '}' in numeric literal"],
    ['{"x":+1}', "invalid character '+' looking for beginning of value"],
    ['{"x":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"x":nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['{"x":"a\tb"}', "invalid character '\\t' in string literal"],
    ['{"x":"\\x"}', "invalid character 'x' in string escape code"],
    ['{"x":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['{"x":NaN}', "invalid character 'N' looking for beginning of value"],
    ['{"x":1} // c', "invalid character '/' after top-level value"],
    ['\ufeff{}', "invalid character '\ufeff' looking for beginning of value"],
  ];
  for (const [body, error] of cases) {
    test(JSON.stringify(body), () => fails(body, TEXT, error));
  }

  test('deep nesting is rejected safely, 10000 levels are fine', () => {
    const ok10000 = `{"x":${'['.repeat(9999)}${']'.repeat(9999)}}`;
    ok(ok10000, TEXT);
    const tooDeep = `{"x":${'['.repeat(10000)}${']'.repeat(10000)}}`;
    fails(tooDeep, TEXT, "invalid character '[' exceeded max depth");
    fails(`{"x":${'{"a":'.repeat(200_000)}`, TEXT, "invalid character '{' exceeded max depth");
    fails('['.repeat(200_000), TEXT, "invalid character '[' exceeded max depth");
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeGoJson } from './goJsonEncode.js';

describe('encodeGoJson', () => {
  test('plain values encode as JSON.stringify does', () => {
    const value = { code: 0, msg: '登录成功', data: { id: 1, ok: true, list: [null, 'x'] } };
    assert.equal(encodeGoJson(value).toString('utf8'), JSON.stringify(value));
  });

  test('escapes < > & and U+2028/U+2029 like Go, keys included', () => {
    const out = encodeGoJson({ '<k>': 'a<b>&c\u2028d\u2029e' }).toString('utf8');
    assert.equal(out, '{"\\u003ck\\u003e":"a\\u003cb\\u003e\\u0026c\\u2028d\\u2029e"}');
    assert.deepEqual(JSON.parse(out), { '<k>': 'a<b>&c\u2028d\u2029e' });
  });

  test('dates become RFC 3339 via toJSON', () => {
    assert.equal(encodeGoJson({ t: new Date(Date.UTC(2025, 4, 18, 8, 28, 1, 123)) }).toString(), '{"t":"2025-05-18T08:28:01.123Z"}');
  });

  test('undefined has no JSON form', () => {
    assert.throws(() => encodeGoJson(undefined), TypeError);
  });
});

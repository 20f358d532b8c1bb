/**
 * JSON bytes as Go's encoding/json writes them: JSON.stringify, plus Go's HTML-safe escaping of
 * `<`, `>`, `&` and the JS line terminators U+2028/U+2029. Those characters can only occur inside
 * string literals, so a plain replace is safe; the regex test keeps the common case to one scan.
 *
 * Throws TypeError when there is nothing to encode (undefined, a function or a symbol): Go has no
 * such value, and silently sending an empty body would hide the bug. BigInt throws as in JSON.stringify.
 */
const UNSAFE = /[<>&\u2028\u2029]/;
const UNSAFE_ALL = /[<>&\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

export function encodeGoJson(value: unknown): Buffer {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError('encodeGoJson: value has no JSON form');
  const safe = UNSAFE.test(json) ? json.replace(UNSAFE_ALL, (ch) => ESCAPES[ch] ?? ch) : json;
  return Buffer.from(safe, 'utf8');
}

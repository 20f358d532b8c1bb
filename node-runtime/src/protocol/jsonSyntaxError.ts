/** A JSON syntax error, worded like Go's encoding/json scanner so logs match the Go server's. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r',
};

/** Go's quoteChar: the offending character in single quotes, escaped when not printable. */
export function quoteChar(text: string, pos: number): string {
  const c = text.charCodeAt(pos);
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  if (c === 0x5c) return "'\\\\'";
  const named = SHORT_ESCAPES[c];
  if (named !== undefined) return `'${named}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if ((c >= 0x80 && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff && text.codePointAt(pos) === c)) {
    return `'\\u${c.toString(16).padStart(4, '0')}'`;
  }
  return `'${String.fromCodePoint(text.codePointAt(pos) ?? c)}'`;
}

/**
 * A strict RFC 8259 scanner over already-decoded text, shared by the generic parser (jsonParser.ts)
 * and the Go-struct decoder (goJson.ts). It exists because JSON.parse throws away the text of a
 * number literal, and Go's decoder judges `5`, `5.0` and `5e0` differently.
 *
 * Error messages copy Go's encoding/json scanner ("invalid character 'x' after object key", ...),
 * so logs read the same as the Go server's. Errors are thrown as JsonSyntaxError and turned into
 * result values at the API boundary.
 */

import { JsonSyntaxError, quoteChar } from './jsonSyntaxError.js';

/** Go's encoding/json limit; deeper input is a syntax error there too (never a stack overflow here). */
export const MAX_NESTING_DEPTH = 10000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
/** The longest run of characters a string literal may hold unescaped (always matches, maybe empty). */
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings; this finds them.
const PLAIN_RUN = /[^"\\\x00-\x1f]*/y;

export class JsonScanner {
  pos = 0;
  readonly length: number;
  /** Set by scanString: whether the literal used a backslash escape (Go's time decoding rejects those). */
  hadEscape = false;
  /** Set by scanNumber. */
  numberNegative = false;
  /** Set by scanNumber: no fraction and no exponent. */
  numberInteger = true;

  constructor(readonly text: string) {
    this.length = text.length;
  }

  /** Skips JSON whitespace; returns the next char code, or -1 at the end of input. */
  skipWhitespace(): number {
    const text = this.text;
    let i = this.pos;
    let c = text.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
    this.pos = i;
    return i < this.length ? c : -1;
  }

  /** Fails at `pos`; running out of input always reads as Go's "unexpected end of JSON input". */
  fail(context: string): never {
    if (this.pos >= this.length) throw new JsonSyntaxError('unexpected end of JSON input');
    throw new JsonSyntaxError(`invalid character ${quoteChar(this.text, this.pos)} ${context}`);
  }

  /** Called with pos on an opening bracket/brace that would make nesting `depth` deep. */
  checkDepth(depth: number): void {
    if (depth > MAX_NESTING_DEPTH) this.fail('exceeded max depth');
  }

  /** Scans the string literal starting at pos (on the quote) and returns its decoded value. */
  scanString(): string {
    const text = this.text;
    const start = this.pos + 1;
    // Short strings (keys, ids) finish in a plain loop; past 16 characters a sticky regex runs the
    // rest in native code, several times faster than charCodeAt for long message contents.
    let i = start;
    let c = text.charCodeAt(i);
    const loopEnd = start + 16;
    while (c !== QUOTE && c !== BACKSLASH && c >= 0x20 && i < loopEnd) c = text.charCodeAt(++i);
    if (i === loopEnd) {
      PLAIN_RUN.lastIndex = i;
      PLAIN_RUN.test(text);
      i = PLAIN_RUN.lastIndex;
      c = text.charCodeAt(i);
    }
    if (c === QUOTE) {
      this.pos = i + 1;
      this.hadEscape = false;
      return text.slice(start, i);
    }
    if (c !== BACKSLASH) {
      this.pos = i; // a control character, or the end of input
      this.fail('in string literal');
    }
    this.hadEscape = true;
    return this.#scanEscaped(text.slice(start, i), i);
  }

  /** Slow path for strings with escapes; `i` is on the first backslash. */
  #scanEscaped(prefix: string, i: number): string {
    const text = this.text;
    let out = prefix;
    let runStart = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return out + text.slice(runStart, i);
      }
      if (c !== BACKSLASH) {
        if (!(c >= 0x20)) {
          this.pos = i;
          this.fail('in string literal');
        }
        PLAIN_RUN.lastIndex = i;
        PLAIN_RUN.test(text);
        i = PLAIN_RUN.lastIndex;
        continue;
      }
      out += text.slice(runStart, i);
      const e = text.charCodeAt(i + 1);
      i += 2;
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += '\\'; break;
        case 0x2f: out += '/'; break;
        case 0x62: out += '\b'; break;
        case 0x66: out += '\f'; break;
        case 0x6e: out += '\n'; break;
        case 0x72: out += '\r'; break;
        case 0x74: out += '\t'; break;
        case 0x75: {
          const unit = this.#hex4(i);
          i += 4;
          if (unit < 0xd800 || unit > 0xdfff) {
            out += String.fromCharCode(unit);
          } else if (unit <= 0xdbff && text.charCodeAt(i) === BACKSLASH && text.charCodeAt(i + 1) === 0x75) {
            // Go pairs a high surrogate only with an escaped low one; anything else becomes U+FFFD.
            const low = hexValue4(text, i + 2);
            if (low >= 0xdc00 && low <= 0xdfff) {
              out += String.fromCharCode(unit, low);
              i += 6;
            } else {
              out += '\ufffd';
            }
          } else {
            out += '\ufffd';
          }
          break;
        }
        default:
          this.pos = i - 1;
          this.fail('in string escape code');
      }
      runStart = i;
    }
  }

  #hex4(i: number): number {
    let value = 0;
    for (let k = 0; k < 4; k++) {
      const digit = hexDigit(this.text.charCodeAt(i + k));
      if (digit < 0) {
        this.pos = i + k;
        this.fail('in \\u hexadecimal character escape');
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /** Scans the number literal at pos, leaving pos after it; sets numberNegative / numberInteger. */
  scanNumber(): void {
    const text = this.text;
    let i = this.pos;
    let c = text.charCodeAt(i);
    this.numberNegative = false;
    this.numberInteger = true;
    if (c === MINUS) {
      this.numberNegative = true;
      c = text.charCodeAt(++i);
    }
    if (c === 0x30) {
      c = text.charCodeAt(++i); // no leading zeros: "01" ends the number at "0"
    } else if (c >= 0x31 && c <= 0x39) {
      do c = text.charCodeAt(++i);
      while (c >= 0x30 && c <= 0x39);
    } else {
      this.pos = i;
      this.fail('in numeric literal');
    }
    if (c === 0x2e) {
      this.numberInteger = false;
      c = text.charCodeAt(++i);
      if (!(c >= 0x30 && c <= 0x39)) {
        this.pos = i;
        this.fail('after decimal point in numeric literal');
      }
      do c = text.charCodeAt(++i);
      while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45) {
      this.numberInteger = false;
      c = text.charCodeAt(++i);
      if (c === 0x2b || c === MINUS) c = text.charCodeAt(++i);
      if (!(c >= 0x30 && c <= 0x39)) {
        this.pos = i;
        this.fail('in exponent of numeric literal');
      }
      do c = text.charCodeAt(++i);
      while (c >= 0x30 && c <= 0x39);
    }
    this.pos = i;
  }

  /** Scans `true`, `false` or `null` starting at pos (first letter already seen). */
  scanLiteral(word: 'true' | 'false' | 'null'): void {
    const text = this.text;
    const start = this.pos;
    for (let k = 1; k < word.length; k++) {
      if (text.charCodeAt(start + k) !== word.charCodeAt(k)) {
        this.pos = start + k;
        this.fail(`in literal ${word} (expecting '${word[k]}')`);
      }
    }
    this.pos = start + word.length;
  }

  /**
   * Validates and skips one value of any shape. Iterative with an explicit stack, so nesting depth
   * costs heap, not call stack. `depth` is the number of containers already enclosing the value.
   */
  skipValue(depth: number): void {
    let c = this.skipWhitespace();
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
      this.skipScalar(c); // the common case needs no stack
      return;
    }
    const inObject: boolean[] = [];
    for (;;) {
      // A value starts at pos.
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.checkDepth(depth + inObject.length + 1);
        this.pos++;
        const next = this.skipWhitespace();
        if (c === OPEN_BRACE) {
          if (next === CLOSE_BRACE) {
            this.pos++;
          } else {
            inObject.push(true);
            this.scanKey(next);
            c = this.skipWhitespace();
            continue;
          }
        } else if (next === CLOSE_BRACKET) {
          this.pos++;
        } else {
          inObject.push(false);
          c = next;
          continue;
        }
      } else {
        this.skipScalar(c);
      }
      // After a value: separators and closers until the next value starts or we are back out.
      for (;;) {
        const top = inObject.length - 1;
        if (top < 0) return;
        const object = inObject[top];
        c = this.skipWhitespace();
        if (c === COMMA) {
          this.pos++;
          c = this.skipWhitespace();
          if (object) {
            this.scanKey(c);
            c = this.skipWhitespace();
          }
          break;
        }
        if (c === (object ? CLOSE_BRACE : CLOSE_BRACKET)) {
          this.pos++;
          inObject.pop();
          continue;
        }
        this.fail(object ? 'after object key:value pair' : 'after array element');
      }
    }
  }

  /** Reads `"key" :` with pos on the expected opening quote (`c` is its char code). */
  scanKey(c: number): string {
    if (c !== QUOTE) this.fail('looking for beginning of object key string');
    const key = this.scanString();
    if (this.skipWhitespace() !== COLON) this.fail('after object key');
    this.pos++;
    return key;
  }

  /** Skips a string, number or literal; anything else is not the start of a value. */
  skipScalar(c: number): void {
    switch (c) {
      case QUOTE: this.scanString(); return;
      case 0x74: this.scanLiteral('true'); return;
      case 0x66: this.scanLiteral('false'); return;
      case 0x6e: this.scanLiteral('null'); return;
      default:
        if (c === MINUS || (c >= 0x30 && c <= 0x39)) this.scanNumber();
        else this.fail('looking for beginning of value');
    }
  }

  /** After the top-level value: only whitespace may follow. */
  expectEnd(): void {
    if (this.skipWhitespace() !== -1) this.fail('after top-level value');
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Value of 4 hex digits at i, or -1 (used for lookahead, where bad hex is reported later). */
function hexValue4(text: string, i: number): number {
  let value = 0;
  for (let k = 0; k < 4; k++) {
    const digit = hexDigit(text.charCodeAt(i + k));
    if (digit < 0) return -1;
    value = (value << 4) | digit;
  }
  return value;
}

import { JsonScanner } from './jsonScanner.js';
import { JsonSyntaxError } from './jsonSyntaxError.js';
import { utf8Text } from './jsonText.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonParseResult = { ok: true; value: JsonValue } | { ok: false; error: string };

/**
 * Strict RFC 8259 parse with Go's conventions: Go's error messages, nesting capped at 10000,
 * invalid UTF-8 and unpaired \u surrogate escapes become U+FFFD (JSON.parse keeps lone
 * surrogates). Otherwise the result equals JSON.parse's, duplicate keys included (last wins).
 * Iterative, so deep input cannot overflow the call stack.
 */
export function parseJson(input: Buffer | Uint8Array | string): JsonParseResult {
  try {
    return { ok: true, value: parseOrThrow(new JsonScanner(utf8Text(input))) };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

type Container = JsonValue[] | { [key: string]: JsonValue };

function parseOrThrow(s: JsonScanner): JsonValue {
  const containers: Container[] = [];
  const keys: string[] = []; // pending key per open container ('' for arrays)
  let c = s.skipWhitespace();
  for (;;) {
    let value: JsonValue;
    // A value starts at pos.
    if (c === 0x7b || c === 0x5b) {
      s.checkDepth(containers.length + 1);
      s.pos++;
      const next = s.skipWhitespace();
      if (c === 0x7b) {
        if (next === 0x7d) {
          s.pos++;
          value = {};
        } else {
          containers.push({});
          keys.push(s.scanKey(next));
          c = s.skipWhitespace();
          continue;
        }
      } else if (next === 0x5d) {
        s.pos++;
        value = [];
      } else {
        containers.push([]);
        keys.push('');
        c = next;
        continue;
      }
    } else {
      value = scalar(s, c);
    }
    // Attach the value, then consume separators and closers until the next value starts.
    for (;;) {
      const top = containers[containers.length - 1];
      if (top === undefined) {
        s.expectEnd();
        return value;
      }
      const isArray = Array.isArray(top);
      if (isArray) top.push(value);
      else setKey(top, keys[keys.length - 1] ?? '', value);
      c = s.skipWhitespace();
      if (c === 0x2c) {
        s.pos++;
        c = s.skipWhitespace();
        if (!isArray) {
          keys[keys.length - 1] = s.scanKey(c);
          c = s.skipWhitespace();
        }
        break;
      }
      if (c === (isArray ? 0x5d : 0x7d)) {
        s.pos++;
        containers.pop();
        keys.pop();
        value = top;
        continue;
      }
      s.fail(isArray ? 'after array element' : 'after object key:value pair');
    }
  }
}

function scalar(s: JsonScanner, c: number): JsonValue {
  switch (c) {
    case 0x22:
      return s.scanString();
    case 0x74:
      s.scanLiteral('true');
      return true;
    case 0x66:
      s.scanLiteral('false');
      return false;
    case 0x6e:
      s.scanLiteral('null');
      return null;
    default: {
      const start = s.pos;
      s.skipScalar(c); // a number, or the "looking for beginning of value" error
      return Number(s.text.slice(start, s.pos));
    }
  }
}

function setKey(target: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  // Plain assignment to "__proto__" would replace the prototype; JSON.parse makes an own property.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

import { JsonScanner } from './jsonScanner.js';
import { JsonSyntaxError } from './jsonSyntaxError.js';
import { utf8Text } from './jsonText.js';
import { isRfc3339 } from './rfc3339.js';

/**
 * Decodes a request body the way Go's encoding/json decodes it into a struct (reference §1.7), so
 * the server accepts and rejects exactly what chat-zinx does.
 *
 * - Syntax is checked over the whole body first (a syntax error anywhere wins over a type error,
 *   as Go's checkValid runs before decoding); then the first type error fails the decode.
 * - Keys match the tag exactly, else case-insensitively (first field in schema order wins).
 *   Unknown keys are skipped whatever they hold. A repeated key: the last one wins.
 * - `null` is a no-op, as in Go: it keeps the zero value, or an earlier value of a repeated key.
 * - Numbers: uint32/uint64/int need an integer literal in range (no fraction, no exponent; no sign
 *   for unsigned). uint64/int values beyond Number.MAX_SAFE_INTEGER come back as the nearest
 *   double: the range check is exact, the returned value may lose precision.
 * - `time` needs an RFC 3339 string (see rfc3339.ts) written without escapes (Go checks the raw
 *   bytes); the value is the original string, or null when absent/null.
 */

export type FieldType = 'string' | 'uint64' | 'uint32' | 'int' | 'bool' | 'time';
/** Key = the Go json tag, e.g. 'to_user_id'. */
export type Schema = Record<string, FieldType>;
export type Decoded<S extends Schema> = {
  [K in keyof S]: S[K] extends 'string' ? string : S[K] extends 'bool' ? boolean : S[K] extends 'time' ? string | null : number;
};
export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string };

interface Field {
  readonly tag: string;
  readonly type: FieldType;
}

interface Plan {
  readonly exact: Map<string, Field>;
  readonly folded: Map<string, Field>;
  readonly zero: Readonly<Record<string, unknown>>;
}

const GO_TYPE: Readonly<Record<FieldType, string>> = {
  string: 'string', uint64: 'uint64', uint32: 'uint32', int: 'int', bool: 'bool', time: 'time.Time',
};
const ZERO: Readonly<Record<FieldType, unknown>> = {
  string: '', uint64: 0, uint32: 0, int: 0, bool: false, time: null,
};
const UINT32_MAX = '4294967295';
const UINT64_MAX = '18446744073709551615';
const INT64_MAX = '9223372036854775807';
const INT64_MIN_ABS = '9223372036854775808';

// Schemas are module constants in practice; the per-schema lookup tables are built once.
const plans = new WeakMap<Schema, Plan>();

export function decodeGoJson<S extends Schema>(body: Buffer | Uint8Array, schema: S): DecodeResult<Decoded<S>> {
  const plan = planFor(schema);
  const out: Record<string, unknown> = { ...plan.zero };
  const s = new JsonScanner(utf8Text(body));
  let typeError: string | undefined;
  try {
    const c = s.skipWhitespace();
    if (c === 0x7b) {
      typeError = decodeObject(s, plan, out);
    } else if (c === 0x6e) {
      s.scanLiteral('null'); // top-level null: Go leaves the struct untouched
    } else {
      const kind = kindOf(c);
      s.skipValue(0);
      typeError = `json: cannot unmarshal ${kind} into Go value of type struct`;
    }
    s.expectEnd();
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
  if (typeError !== undefined) return { ok: false, error: typeError };
  return { ok: true, value: out as Decoded<S> };
}

/** pos is on '{'. Returns the first type error; syntax errors throw. */
function decodeObject(s: JsonScanner, plan: Plan, out: Record<string, unknown>): string | undefined {
  let firstError: string | undefined;
  s.pos++;
  let c = s.skipWhitespace();
  if (c === 0x7d) {
    s.pos++;
    return undefined;
  }
  for (;;) {
    const key = s.scanKey(c);
    c = s.skipWhitespace();
    const field = plan.exact.get(key) ?? plan.folded.get(foldKey(key));
    if (field === undefined) {
      s.skipValue(1);
    } else {
      const error = decodeField(s, c, field, out);
      firstError ??= error;
    }
    c = s.skipWhitespace();
    if (c === 0x2c) {
      s.pos++;
      c = s.skipWhitespace();
      continue;
    }
    if (c === 0x7d) {
      s.pos++;
      return firstError;
    }
    s.fail('after object key:value pair');
  }
}

/** Decodes the value at pos (first char `c`) into out[field.tag]; returns a type error, if any. */
function decodeField(s: JsonScanner, c: number, field: Field, out: Record<string, unknown>): string | undefined {
  const { tag, type } = field;
  switch (c) {
    case 0x22: {
      const value = s.scanString();
      if (type === 'string') {
        out[tag] = value;
        return undefined;
      }
      if (type === 'time') {
        if (!s.hadEscape && isRfc3339(value)) {
          out[tag] = value;
          return undefined;
        }
        return `parsing time ${JSON.stringify(clip(value))} as "2006-01-02T15:04:05Z07:00": not RFC 3339`;
      }
      return typeError('string', field);
    }
    case 0x74:
    case 0x66: {
      const value = c === 0x74;
      s.scanLiteral(value ? 'true' : 'false');
      if (type === 'bool') {
        out[tag] = value;
        return undefined;
      }
      return typeError('bool', field);
    }
    case 0x6e:
      s.scanLiteral('null'); // Go ignores null for non-pointer fields, time.Time included
      return undefined;
    case 0x7b:
    case 0x5b:
      s.skipValue(1);
      return typeError(c === 0x7b ? 'object' : 'array', field);
    default: {
      const start = s.pos;
      s.skipScalar(c); // a number, or the syntax error for anything else
      const raw = s.text.slice(start, s.pos);
      return decodeNumber(raw, s.numberNegative, s.numberInteger, field, out);
    }
  }
}

function decodeNumber(
  raw: string,
  negative: boolean,
  integer: boolean,
  field: Field,
  out: Record<string, unknown>,
): string | undefined {
  const { tag, type } = field;
  let fits: boolean;
  switch (type) {
    case 'uint32':
      fits = integer && !negative && fitsDigits(raw, UINT32_MAX);
      break;
    case 'uint64':
      fits = integer && !negative && fitsDigits(raw, UINT64_MAX);
      break;
    case 'int':
      fits = integer && (negative ? fitsDigits(raw.slice(1), INT64_MIN_ABS) : fitsDigits(raw, INT64_MAX));
      break;
    default:
      return typeError('number', field);
  }
  if (!fits) return typeError(`number ${clip(raw)}`, field);
  out[tag] = Number(raw) + 0; // + 0 turns "-0" into 0
  return undefined;
}

/** Whether a digit string (no leading zeros, as JSON guarantees) is ≤ max. */
function fitsDigits(digits: string, max: string): boolean {
  return digits.length < max.length || (digits.length === max.length && digits <= max);
}

function typeError(value: string, field: Field): string {
  return `json: cannot unmarshal ${value} into Go struct field .${field.tag} of type ${GO_TYPE[field.type]}`;
}

function kindOf(c: number): string {
  if (c === 0x22) return 'string';
  if (c === 0x5b) return 'array';
  if (c === 0x74 || c === 0x66) return 'bool';
  return 'number'; // anything else is either a number or a syntax error skipValue reports
}

/** Keeps error strings short whatever the input holds. */
function clip(text: string): string {
  return text.length <= 64 ? text : `${text.slice(0, 64)}...`;
}

/**
 * Case folding for key matching. Lower-casing covers Go's simple folding for ASCII tags, including
 * the Kelvin sign (U+212A → k); the long s (U+017F) also folds to 's' in Go but is already lower case.
 */
function foldKey(key: string): string {
  const lower = key.toLowerCase();
  return lower.includes('\u017f') ? lower.replaceAll('\u017f', 's') : lower;
}

function planFor(schema: Schema): Plan {
  let plan = plans.get(schema);
  if (plan === undefined) {
    const exact = new Map<string, Field>();
    const folded = new Map<string, Field>();
    const zero: Record<string, unknown> = {};
    for (const [tag, type] of Object.entries(schema)) {
      const field = { tag, type };
      exact.set(tag, field);
      const foldedTag = foldKey(tag);
      if (!folded.has(foldedTag)) folded.set(foldedTag, field);
      zero[tag] = ZERO[type];
    }
    plan = { exact, folded, zero };
    plans.set(schema, plan);
  }
  return plan;
}

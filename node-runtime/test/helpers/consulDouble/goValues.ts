/** Go's value parsers as Consul uses them: time.ParseDuration, strconv.ParseBool/ParseUint, Duration.String. */

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export class GoParseError extends Error {}

/** time.ParseDuration, in milliseconds (fractions kept). Error texts are Go's. */
export function parseGoDuration(text: string): number {
  const quoted = JSON.stringify(text);
  if (text === '0' || text === '+0' || text === '-0') return 0;
  if (text === '') throw new GoParseError(`time: invalid duration ${quoted}`);
  let rest = text;
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '+') {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '') throw new GoParseError(`time: invalid duration ${quoted}`);
  let total = 0;
  while (rest !== '') {
    const number = /^(\d*)(\.\d*)?/.exec(rest);
    const digits = number?.[0] ?? '';
    if (digits === '' || digits === '.') throw new GoParseError(`time: invalid duration ${quoted}`);
    rest = rest.slice(digits.length);
    const unit = /^[^\d.]+/.exec(rest)?.[0] ?? '';
    if (unit === '') throw new GoParseError(`time: missing unit in duration ${quoted}`);
    const factor = UNIT_MS[unit];
    if (factor === undefined) throw new GoParseError(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    total += Number(digits) * factor;
    rest = rest.slice(unit.length);
  }
  return sign * total;
}

/** A JSON duration field: a Go duration string, or a number of nanoseconds (Consul accepts both). */
export function durationField(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value / 1e6;
  if (typeof value === 'string') return parseGoDuration(value);
  throw new GoParseError(`json: cannot unmarshal ${jsonType(value)} into Go struct field ${field} of type time.Duration`);
}

/** time.Duration.String for a number of milliseconds: `500ms`, `10s`, `1m30s`, `1h0m0s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1) return `${sign}${trim(rest * 1000)}µs`;
  if (rest < 1000) return `${sign}${trim(rest)}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = `${trim(rest / 1000)}s`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

function trim(value: number): string {
  return String(Number(value.toFixed(6)));
}

/** strconv.ParseBool; undefined when the text is not a Go bool. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseUint(text, 10, 64); throws with Go's message. Values above 2^53 lose precision (fine for indexes). */
export function parseGoUint(text: string): number {
  if (!/^\d+$/.test(text)) throw new GoParseError(`strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`);
  const value = BigInt(text);
  if (value > UINT64_MAX) throw new GoParseError(`strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`);
  return Number(value);
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

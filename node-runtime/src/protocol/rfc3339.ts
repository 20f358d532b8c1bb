/**
 * Validates what Go's Time.UnmarshalJSON accepts through its strict RFC 3339 path:
 * `YYYY-MM-DDTHH:MM:SS[.digits](Z|±HH:MM)`, upper-case `T`/`Z`, every field range-checked (day
 * against the month and leap year, hour < 24, minute and second < 60, offset hour < 24). Go's
 * lenient fallback also takes a one-digit hour or a `,` before the fraction; those are rejected
 * here on purpose, since no client sends them.
 */
export function isRfc3339(s: string): boolean {
  const n = s.length;
  if (n < 20) return false; // "2006-01-02T15:04:05Z"
  if (s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(10) !== 0x54) return false;
  if (s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  let i = 19;
  if (s.charCodeAt(i) === 0x2e) {
    const fractionStart = ++i;
    while (isDigit(s.charCodeAt(i))) i++;
    if (i === fractionStart) return false;
  }
  if (i === n - 1) return s.charCodeAt(i) === 0x5a; // 'Z'
  if (n - i !== 6) return false;
  const sign = s.charCodeAt(i);
  if ((sign !== 0x2b && sign !== 0x2d) || s.charCodeAt(i + 3) !== 0x3a) return false;
  const offsetHour = digits(s, i + 1, 2);
  const offsetMinute = digits(s, i + 4, 2);
  return offsetHour >= 0 && offsetHour <= 23 && offsetMinute >= 0 && offsetMinute <= 59;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The decimal value of `count` digits at `at`, or -1 if any is not a digit. */
function digits(s: string, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const c = s.charCodeAt(at + k);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Time strings for the wire. Go's client decodes several fields straight into time.Time, so these
 * must be valid RFC 3339 (reference §1.7); a bad one makes the whole reply undecodable there.
 */

/** Go's zero time.Time as it marshals; decodes back to the zero value on the Go side. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * UTC with milliseconds, e.g. `2025-05-18T08:28:01.123Z`. Throws RangeError for an invalid date or a
 * year outside 0–9999 (Go's MarshalJSON refuses those too; toISOString would write `+010000-…`).
 */
export function formatRfc3339(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`cannot format ${String(date)} as RFC 3339`);
  return date.toISOString();
}

/** Go layout `2006-01-02 15:04:05` in the server's local zone, as the group replies carry it. */
export function formatGoDateTime(date: Date): string {
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)} ` +
    `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}`
  );
}

/** Go's Time.Unix(): whole seconds, rounded toward negative infinity. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

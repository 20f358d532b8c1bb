/**
 * Bounded waits for tests against backends that deliver asynchronously (a microtask in memory,
 * a network round trip for NATS, Redis or Consul). Every wait has a deadline and fails with a
 * message that says what was awaited, so a missing event is a clear failure and never a hang.
 */
import { setTimeout as delay } from 'node:timers/promises';

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

export function sleep(ms: number): Promise<void> {
  return delay(ms);
}

/** Polls `predicate` until it holds and resolves with how long that took (ms); rejects after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 2000,
  what = 'condition',
  intervalMs = 10,
): Promise<number> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    if (await predicate()) return Date.now() - started;
    if (Date.now() >= deadline) throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}

/**
 * Reads a value until `accept` holds and returns it; rejects after `timeoutMs` with the last value
 * read in the message (for eventually consistent reads such as a registry's list).
 */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 2000,
  what = 'value',
  intervalMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${describe(value)}`);
    }
    await delay(intervalMs);
  }
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text.length > 500 ? `${text.slice(0, 500)}…` : text;
  } catch {
    return String(value);
  }
}

/**
 * Slows down password guessing: after `freeAttempts` failures for one username within the
 * window, further attempts are refused (without checking the password) for a lockout that
 * doubles with each further failure, up to `maxLockoutMs`. A success clears the record.
 */
export interface LoginThrottleOptions {
  freeAttempts: number;
  windowMs: number;
  baseLockoutMs: number;
  maxLockoutMs: number;
  /** Bound on remembered usernames, so a spray of random names cannot grow memory without end. */
  maxTracked: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  freeAttempts: 5,
  windowMs: 15 * 60_000,
  baseLockoutMs: 1_000,
  maxLockoutMs: 15 * 60_000,
  maxTracked: 100_000,
};

interface Record {
  failures: number;
  firstFailureAt: number;
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly records = new Map<string, Record>();

  constructor(
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until this username may try again; 0 when it may try now. */
  retryAfterMs(username: string): number {
    const record = this.records.get(username);
    if (!record) return 0;
    return Math.max(0, record.lockedUntil - this.now());
  }

  recordFailure(username: string): void {
    const now = this.now();
    let record = this.records.get(username);
    if (!record || now - record.firstFailureAt > this.options.windowMs) {
      record = { failures: 0, firstFailureAt: now, lockedUntil: 0 };
    }
    record.failures++;
    const over = record.failures - this.options.freeAttempts;
    if (over >= 0) {
      record.lockedUntil = now + Math.min(this.options.maxLockoutMs, this.options.baseLockoutMs * 2 ** Math.min(over, 30));
    }
    this.records.delete(username);
    this.records.set(username, record);
    if (this.records.size > this.options.maxTracked) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }

  recordSuccess(username: string): void {
    this.records.delete(username);
  }
}

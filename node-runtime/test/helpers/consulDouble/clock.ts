/**
 * Time inside the Consul double. Every timer the double arms (TTL expiry, probes, the reaper,
 * deferred check syncs, blocking-query waits) goes through a Clock, so a test can inject a
 * ManualClock and step time by hand. Consul's fixed constants (1 min deregister minimum, 30 s
 * reap tick, 5/10 min blocking waits, 5 min check_update_interval…) live in ConsulTiming and can
 * be scaled as a whole (`timeScale`) or set one by one, so a "minute" can be 300 ms in a test.
 */

export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `fn` once after `delayMs` (never synchronously). */
  schedule(delayMs: number, fn: () => void): Timer;
}

/** Real time; timers are unref'd so a forgotten double never keeps the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule(delayMs, fn) {
    const handle = setTimeout(fn, Math.max(0, delayMs));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A clock that only moves when told to; `advance` fires due timers in time order. */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, fn: () => void): Timer {
    const timer: ManualTimer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due (including ones armed on the way). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.timers = this.timers.filter((timer) => !timer.cancelled);
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      due.cancelled = true;
      due.fn();
    }
    this.current = target;
  }

  get pendingTimers(): number {
    return this.timers.filter((timer) => !timer.cancelled).length;
  }
}

/** Consul's built-in durations, in ms. */
export interface ConsulTiming {
  /** Blocking wait when `wait` is absent (Consul: 5 min). */
  defaultWaitMs: number;
  /** Longest blocking wait (Consul: 10 min). */
  maxWaitMs: number;
  /** DeregisterCriticalServiceAfter is raised to at least this (Consul: 1 min). */
  deregisterMinimumMs: number;
  /** How often the agent reaps services critical for too long (Consul: 30 s). */
  reapIntervalMs: number;
  /** Interval checks (TCP, HTTP) run at most this often (Consul: 1 s). */
  minCheckIntervalMs: number;
  /** Probe timeout when a check sets none (Consul: 10 s). */
  defaultCheckTimeoutMs: number;
  /** check_update_interval: an output-only change reaches the catalog after d/2 + rand(d) (Consul: 5 min; 0 = at once). */
  checkUpdateIntervalMs: number;
  /** session_ttl_min: shortest session TTL accepted (Consul: 10 s); the longest is 24 h. */
  sessionTtlMinMs: number;
}

export const CONSUL_TIMING: Readonly<ConsulTiming> = Object.freeze({
  defaultWaitMs: 5 * 60_000,
  maxWaitMs: 10 * 60_000,
  deregisterMinimumMs: 60_000,
  reapIntervalMs: 30_000,
  minCheckIntervalMs: 1_000,
  defaultCheckTimeoutMs: 10_000,
  checkUpdateIntervalMs: 5 * 60_000,
  sessionTtlMinMs: 10_000,
});

/** Consul's constants multiplied by `timeScale` (e.g. 1/200: a minute is 300 ms), then `overrides`. */
export function resolveTiming(timeScale = 1, overrides: Partial<ConsulTiming> = {}): ConsulTiming {
  if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
  const scaled = Object.fromEntries(Object.entries(CONSUL_TIMING).map(([key, value]) => [key, value * timeScale])) as unknown as ConsulTiming;
  return { ...scaled, ...overrides };
}

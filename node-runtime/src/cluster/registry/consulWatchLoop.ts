/**
 * A blocking-query loop with the client obligations of Consul's docs (reference §1.4), which the
 * `consul` package's own Watch does not meet: the index is reset to 0 when it goes backwards
 * (snapshot restore, reaped tombstones) and clamped to ≥ 1 otherwise, requests are paced by a small
 * token bucket so a churning index cannot turn the loop into a busy poll, errors back off
 * exponentially (and the first request after an error is a plain read, so a Consul that lost its
 * state is resynced at once instead of blocking on a future index). Every response is handed on
 * with `changed` (index moved, or a reset) — a return is never a promise of change.
 */

export interface BlockingResponse<T> {
  body: T;
  index: number;
  knownLeader: boolean;
}

export interface WatchLoopSettings {
  /** The `wait` sent with each blocking request. Default 30 s. */
  waitMs: number;
  /** Requests allowed back to back. Default 4. */
  burst: number;
  /** One more request allowed per this many ms. Default 250. */
  refillMs: number;
  /** First retry delay after an error; doubles up to maxBackoffMs. Defaults 100 / 5000. */
  minBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_WATCH_SETTINGS: WatchLoopSettings = { waitMs: 30_000, burst: 4, refillMs: 250, minBackoffMs: 100, maxBackoffMs: 5_000 };

export interface WatchLoopHandlers<T> {
  /** One request: blocking when index > 0. Must reject when `signal` aborts. */
  fetch(index: number, waitMs: number, signal: AbortSignal): Promise<BlockingResponse<T>>;
  onResult(response: BlockingResponse<T>, info: { changed: boolean; reset: boolean }): void;
  onError(error: unknown, consecutiveErrors: number): void;
}

export interface WatchLoopStats {
  requests: number;
  errors: number;
  resets: number;
}

export class BlockingWatchLoop<T> {
  readonly stats: WatchLoopStats = { requests: 0, errors: 0, resets: 0 };
  private running: Promise<void> | undefined;
  private stopped = false;
  private synced = false;
  private current: AbortController | undefined;
  private wake: (() => void) | undefined;
  private tokens: number;
  private refilledAt = Date.now();

  constructor(
    private readonly handlers: WatchLoopHandlers<T>,
    private readonly settings: WatchLoopSettings = DEFAULT_WATCH_SETTINGS,
  ) {
    this.tokens = settings.burst;
  }

  /** True while the last request succeeded (the cached result is as fresh as Consul lets it be). */
  get inSync(): boolean {
    return this.synced && !this.stopped;
  }

  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.run();
  }

  /** Ends a pending backoff or pacing wait now (e.g. Consul is known to be back). */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.synced = false;
    this.current?.abort();
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    let index = 0;
    let errors = 0;
    while (!this.stopped) {
      await this.takeToken();
      if (this.stopped) break;
      const sent = index;
      const controller = new AbortController();
      this.current = controller;
      this.stats.requests += 1;
      try {
        const response = await this.handlers.fetch(sent, this.settings.waitMs, controller.signal);
        if (this.stopped) break;
        // A 0 (or absent) index is a Consul bug: block from 1 rather than spin on immediate reads.
        // Otherwise an index lower than the one sent means the state went back: start again from 0.
        const reset = response.index >= 1 && response.index < sent;
        if (reset) this.stats.resets += 1;
        index = response.index < 1 ? 1 : reset ? 0 : response.index;
        errors = 0;
        this.synced = true;
        this.handlers.onResult(response, { changed: reset || sent === 0 || response.index !== sent, reset });
      } catch (error) {
        if (this.stopped) break;
        this.synced = false;
        errors += 1;
        this.stats.errors += 1;
        index = 0;
        this.handlers.onError(error, errors);
        const backoff = Math.min(this.settings.maxBackoffMs, this.settings.minBackoffMs * 2 ** (errors - 1));
        await this.sleep(backoff * (0.8 + Math.random() * 0.4));
      } finally {
        this.current = undefined;
      }
    }
  }

  private async takeToken(): Promise<void> {
    const now = Date.now();
    this.tokens = Math.min(this.settings.burst, this.tokens + (now - this.refilledAt) / this.settings.refillMs);
    this.refilledAt = now;
    if (this.tokens < 1) {
      await this.sleep((1 - this.tokens) * this.settings.refillMs);
      this.tokens = Math.min(this.settings.burst, this.tokens + (Date.now() - this.refilledAt) / this.settings.refillMs);
      this.refilledAt = Date.now();
    }
    this.tokens = Math.max(0, this.tokens - 1);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

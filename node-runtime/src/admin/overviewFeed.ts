/**
 * The `overview` event: pushed when the registry's watch reports a change (membership, health),
 * and re-checked once a second while someone listens — pushed only if the stats changed. Never
 * driven by chat traffic itself: a busy cluster costs one gather per second, whatever its rate.
 * Nothing runs while nobody listens.
 */
import type { ClusterOverview } from '../../contract/index.js';
import type { Logger } from '../common/logger.js';
import { overviewChangeKey } from './clusterOverview.js';

export interface OverviewFeedDeps {
  gather: () => Promise<ClusterOverview>;
  /** Subscribes to registry changes; returns the unsubscribe function. */
  watchRegistry: (onChange: () => void) => () => void;
  logger: Logger;
  /** Default 1000 ms. */
  intervalMs?: number;
  /** Registry changes arriving within this window are pushed once. Default 50 ms. */
  coalesceMs?: number;
}

export class OverviewFeed {
  readonly stats = { gathers: 0, pushes: 0, failures: 0 };
  private readonly listeners = new Set<(overview: ClusterOverview) => void>();
  private stopWatching: (() => void) | undefined;
  private interval: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private lastKey = '';
  private running: Promise<void> | undefined;
  /** null: nothing pending; false: a periodic check; true: a forced push (registry change, new listener). */
  private pending: boolean | null = null;
  private closed = false;

  constructor(private readonly deps: OverviewFeedDeps) {}

  /** The new listener gets a fresh overview promptly, then every change. */
  subscribe(listener: (overview: ClusterOverview) => void): () => void {
    if (this.closed) return () => {};
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    this.schedule(true);
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
    };
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    this.lastKey = '';
    this.stopWatching = this.deps.watchRegistry(() => this.schedule(true));
    this.interval = setInterval(() => this.request(false), this.deps.intervalMs ?? 1000);
    this.interval.unref();
  }

  private stop(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    clearInterval(this.interval);
    clearTimeout(this.soon);
    this.interval = undefined;
    this.soon = undefined;
    this.pending = null;
  }

  /** A forced push soon, coalescing bursts of registry changes. */
  private schedule(force: boolean): void {
    if (this.soon || this.listeners.size === 0) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.request(force);
    }, this.deps.coalesceMs ?? 50);
    this.soon.unref();
  }

  /** One gather at a time; a request during a gather runs once after it. */
  private request(force: boolean): void {
    if (this.listeners.size === 0) return;
    this.pending = (this.pending ?? false) || force;
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.pending !== null && this.listeners.size > 0) {
      const force = this.pending;
      this.pending = null;
      this.stats.gathers += 1;
      let overview: ClusterOverview;
      try {
        overview = await this.deps.gather();
      } catch (error) {
        this.stats.failures += 1;
        this.deps.logger.warn('overview_gather_failed', { error: error instanceof Error ? error.message : String(error) });
        continue;
      }
      const key = overviewChangeKey(overview);
      if (!force && key === this.lastKey) continue;
      this.lastKey = key;
      this.stats.pushes += 1;
      for (const listener of [...this.listeners]) {
        try {
          listener(overview);
        } catch (error) {
          this.deps.logger.warn('overview_listener_failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
  }
}

/**
 * The `presence` event: the presence store's change feed, batched. Changes are buffered (at most
 * `maxBuffered`; what does not fit is counted as dropped, never queued without bound) and flushed
 * at most once per `flushEveryMs` (default 250 ms: 4 per second), with the usernames of a whole
 * batch resolved in one store read. Nothing is subscribed while nobody listens.
 */
import type { PresenceChangeView } from '../../contract/index.js';
import type { PresenceChange, PresenceStore } from '../cluster/presence/presenceStore.js';
import type { Logger } from '../common/logger.js';

export interface PresenceFeedDeps {
  /** Read when the first listener subscribes (the store may not exist before the host starts). */
  presence: () => PresenceStore;
  /** userId → username for a batch (missing ids show as null). */
  names: (userIds: readonly number[]) => Promise<Map<number, string>>;
  logger: Logger;
  /** Default 250 ms. */
  flushEveryMs?: number;
  /** Default 1000 changes. */
  maxBuffered?: number;
  now?: () => number;
}

export interface PresenceFeedStats {
  received: number;
  delivered: number;
  /** Changes that arrived while the buffer was full: the listeners never saw them. */
  dropped: number;
  flushes: number;
}

export class PresenceFeed {
  readonly stats: PresenceFeedStats = { received: 0, delivered: 0, dropped: 0, flushes: 0 };
  private readonly listeners = new Set<(changes: PresenceChangeView[]) => void>();
  private buffer: PresenceChange[] = [];
  private droppedSinceFlush = 0;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  private lastFlushAt = 0;
  private readonly now: () => number;

  constructor(private readonly deps: PresenceFeedDeps) {
    this.now = deps.now ?? Date.now;
  }

  subscribe(listener: (changes: PresenceChangeView[]) => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.unsubscribe = this.deps.presence().subscribe((change) => this.onChange(change));
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
    };
  }

  close(): void {
    this.listeners.clear();
    this.stop();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = [];
  }

  /** Called synchronously by the store for every change: kept to a push and a counter. */
  private onChange(change: PresenceChange): void {
    this.stats.received += 1;
    if (this.buffer.length >= (this.deps.maxBuffered ?? 1000)) {
      this.stats.dropped += 1;
      this.droppedSinceFlush += 1;
    } else {
      this.buffer.push(change);
    }
    this.arm();
  }

  private arm(): void {
    if (this.timer || this.flushing || this.listeners.size === 0) return;
    const wait = Math.max(0, this.lastFlushAt + (this.deps.flushEveryMs ?? 250) - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0 || this.listeners.size === 0) return;
    this.flushing = true;
    this.lastFlushAt = this.now();
    const batch = this.buffer;
    this.buffer = [];
    const dropped = this.droppedSinceFlush;
    this.droppedSinceFlush = 0;
    try {
      if (dropped > 0) this.deps.logger.warn('presence_changes_dropped', { dropped, total_dropped: this.stats.dropped, reason: 'buffer full' });
      let names = new Map<number, string>();
      try {
        names = await this.deps.names(batch.map((change) => change.userId));
      } catch (error) {
        this.deps.logger.debug('presence_names_failed', { error: error instanceof Error ? error.message : String(error) });
      }
      const views: PresenceChangeView[] = batch.map((change) => ({
        kind: change.kind,
        userId: change.userId,
        username: names.get(change.userId) ?? null,
        nodeId: change.nodeId,
        at: change.at,
        reason: change.reason ?? null,
      }));
      this.stats.flushes += 1;
      this.stats.delivered += views.length;
      for (const listener of [...this.listeners]) {
        try {
          listener(views);
        } catch (error) {
          this.deps.logger.warn('presence_listener_failed', { error: error instanceof Error ? error.message : String(error) });
        }
      }
    } finally {
      this.flushing = false;
      if (this.buffer.length > 0) this.arm();
    }
  }
}

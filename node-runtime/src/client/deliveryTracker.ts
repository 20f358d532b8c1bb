/**
 * Exactly-once, in-order delivery as the user sees it (extension `ack`). P2P pushes carry the
 * recipient's mailbox `seq`, but can arrive out of order or with a hole: two senders on different
 * nodes reach the recipient by different paths, and a live push can be lost while a node's bus
 * connection fails over. So the tracker keeps the contiguous prefix it has fully seen, and holds
 * pushes above a hole (in seq order) until the hole is filled. A seq seen before is a duplicate
 * (login replay, sync, retry) and is dropped. Only the prefix is acknowledged (1004 means
 * "everything up to N"), batched to one ack per `batchMs`. A hole open for `gapMs` asks the
 * session to sync it; what is still held after that sync is released anyway, never withheld for ever.
 */
export class DeliveryTracker<T = unknown> {
  private contiguous = 0;
  private readonly above = new Set<number>();
  /** Pushes seen above the prefix and not yet handed out, by seq. */
  private readonly held = new Map<number, T>();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private gapTimer: NodeJS.Timeout | undefined;
  private paused = true;

  /** `sendAck` returns false when it could not write (no connection); the ack is retried on resume. */
  constructor(
    private readonly sendAck: (seq: number) => boolean,
    private readonly batchMs = 20,
    private readonly onGap: (since: number) => void = () => {},
    private readonly gapMs = 300,
  ) {}

  /** Every seq up to this one has been seen: where a sync resumes. */
  get lastSeq(): number {
    return this.contiguous;
  }

  /** True while a seq above the contiguous prefix was seen and one below it is still missing. */
  get hasGap(): boolean {
    return this.above.size > 0;
  }

  /**
   * Takes a push; returns the pushes now ready to show, in seq order: none for a duplicate or one
   * held above a hole, several when it fills a hole. Duplicates are acked again.
   */
  accept(seq: number, item: T): T[] {
    // A duplicate means the server thinks we have not acked it (our ack may have been lost): ack again.
    this.dirty = true;
    this.schedule();
    if (seq <= this.contiguous || this.above.has(seq)) return [];
    this.above.add(seq);
    this.held.set(seq, item);
    const ready = this.advance();
    this.watchGap();
    return ready;
  }

  /** Hands out everything still held, in seq order (after a sync could not fill the hole). */
  releaseHeld(): T[] {
    const seqs = [...this.held.keys()].sort((a, b) => a - b);
    const items = seqs.map((seq) => this.held.get(seq) as T);
    this.held.clear();
    return items;
  }

  /**
   * After a sync from `since` whose first entry was `firstSeq`: the seqs in between no longer exist
   * on the server (trimmed by retention), so waiting for them would keep the gap open forever.
   */
  skipMissing(since: number, firstSeq: number | undefined): T[] {
    const upTo = (firstSeq ?? Math.min(...this.above, Number.POSITIVE_INFINITY)) - 1;
    if (since !== this.contiguous || !Number.isFinite(upTo) || upTo <= this.contiguous) return [];
    for (let seq = this.contiguous + 1; seq <= upTo; seq++) this.above.add(seq);
    const ready = this.advance();
    this.dirty = true;
    this.schedule();
    this.watchGap();
    return ready;
  }

  /** Start over, e.g. when a different user logs in on this client. */
  reset(lastSeq = 0): void {
    this.contiguous = lastSeq;
    this.above.clear();
    this.held.clear();
    this.dirty = false;
    this.cancel();
  }

  /** No connection: hold acks until {@link resume}. */
  pause(): void {
    this.paused = true;
    this.cancel();
  }

  resume(): void {
    this.paused = false;
    this.schedule();
    this.watchGap();
  }

  /** Send a pending ack now (e.g. before closing). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty || this.paused || this.contiguous === 0) return;
    if (this.sendAck(this.contiguous)) this.dirty = false;
  }

  dispose(): void {
    this.cancel();
    this.paused = true;
  }

  /** Moves the prefix over every seq seen; returns the held pushes it passed, in order. */
  private advance(): T[] {
    const ready: T[] = [];
    while (this.above.delete(this.contiguous + 1)) {
      this.contiguous++;
      if (this.held.has(this.contiguous)) {
        ready.push(this.held.get(this.contiguous) as T);
        this.held.delete(this.contiguous);
      }
    }
    return ready;
  }

  private schedule(): void {
    if (this.timer || this.paused || !this.dirty) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.batchMs);
    this.timer.unref();
  }

  private watchGap(): void {
    if (this.above.size === 0) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
      return;
    }
    if (this.gapTimer || this.paused) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      if (this.above.size > 0 && !this.paused) this.onGap(this.contiguous);
    }, this.gapMs);
    this.gapTimer.unref();
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
  }
}

/**
 * Counts every message of a blast run: sent, acknowledged, delivered (per recipient), duplicated,
 * lost, out of order. Memory stays bounded by what is in flight: a message is forgotten once every
 * recipient has it, and each recipient remembers only the contiguous prefix of what it received
 * plus the few numbers above it (delivery is in order, so that set stays small).
 */
import type { BlastCounts, BlastDuplicate } from '../../../contract/index.js';

/** Receptions remembered per recipient and sender to describe a duplicate; duplicates kept. */
const RECENT_TAGS = 256;
const DUPLICATES_KEPT = 20;

/** One message between its first send and its last expected reception. */
interface InFlight {
  sentAt: number;
  ackedAt: number | null;
  /** Recipients that have not received it yet. */
  waiting: Set<string>;
}

/** What one recipient received from one lane (sender): numbers 0..contiguous, plus `above`. */
class ReceivedSeries {
  contiguous = -1;
  readonly above = new Set<number>();
  last = -1;
  /** seq → identity of the copy received (the newest RECENT_TAGS). */
  readonly tags = new Map<number, string>();

  remember(seq: number, tag: string): void {
    this.tags.set(seq, tag);
    if (this.tags.size > RECENT_TAGS) this.tags.delete(this.tags.keys().next().value as number);
  }

  /** Returns false for a repeat. */
  add(seq: number): boolean {
    if (seq <= this.contiguous || this.above.has(seq)) return false;
    this.above.add(seq);
    while (this.above.delete(this.contiguous + 1)) this.contiguous++;
    return true;
  }
}

export class DeliveryLedger {
  private readonly inFlight = new Map<number, Map<number, InFlight>>();
  private readonly series = new Map<string, ReceivedSeries>();
  private readonly counts: Omit<BlastCounts, 'lost' | 'pending'> = { sent: 0, acknowledged: 0, delivered: 0, duplicated: 0, outOfOrder: 0, failedAttempts: 0 };
  private settled = false;
  private readonly duplicateLog: BlastDuplicate[] = [];

  constructor(private readonly recipientsOf: (lane: number) => readonly string[]) {}

  sent(lane: number, seq: number, at: number): void {
    this.counts.sent++;
    let lanes = this.inFlight.get(lane);
    if (!lanes) this.inFlight.set(lane, (lanes = new Map()));
    lanes.set(seq, { sentAt: at, ackedAt: null, waiting: new Set(this.recipientsOf(lane)) });
  }

  failedAttempt(): void {
    this.counts.failedAttempts++;
  }

  /** Returns the send → ack time in ms, or null when the message is unknown. */
  acknowledged(lane: number, seq: number, at: number): number | null {
    this.counts.acknowledged++;
    const message = this.inFlight.get(lane)?.get(seq);
    if (!message) return null;
    message.ackedAt = at;
    if (message.waiting.size === 0) this.inFlight.get(lane)?.delete(seq);
    return at - message.sentAt;
  }

  /**
   * One reception (`tag` identifies the copy, e.g. msg_id#seq; `wallAt` is the wall-clock time for
   * the duplicate log); returns the send → delivery time in ms for a first reception, else null.
   */
  received(recipient: string, lane: number, seq: number, at: number, tag = '', wallAt = 0): number | null {
    const key = `${lane}\u0000${recipient}`;
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = new ReceivedSeries()));
    if (!series.add(seq)) {
      this.counts.duplicated++;
      if (this.duplicateLog.length < DUPLICATES_KEPT) this.duplicateLog.push({ username: recipient, lane, seq, first: series.tags.get(seq) ?? null, again: tag, at: wallAt });
      return null;
    }
    series.remember(seq, tag);
    if (seq < series.last) this.counts.outOfOrder++;
    series.last = Math.max(series.last, seq);
    this.counts.delivered++;
    const message = this.inFlight.get(lane)?.get(seq);
    if (!message) return null;
    message.waiting.delete(recipient);
    // Keep an unacknowledged message: its ack may still come (a push can beat the ack).
    if (message.waiting.size === 0 && message.ackedAt !== null) this.inFlight.get(lane)?.delete(seq);
    return at - message.sentAt;
  }

  duplicates(): BlastDuplicate[] {
    return this.duplicateLog.map((entry) => ({ ...entry }));
  }

  /** After this, every acknowledged reception still missing counts as lost, whatever its age. */
  settle(): void {
    this.settled = true;
  }

  /** Acknowledged receptions not yet seen (pending within `graceMs` of their ack, lost after). */
  snapshot(now: number, graceMs: number): BlastCounts {
    let lost = 0;
    let pending = 0;
    for (const lane of this.inFlight.values()) {
      for (const message of lane.values()) {
        if (message.ackedAt === null || message.waiting.size === 0) continue;
        if (this.settled || now - message.ackedAt > graceMs) lost += message.waiting.size;
        else pending += message.waiting.size;
      }
    }
    return { ...this.counts, lost, pending };
  }
}

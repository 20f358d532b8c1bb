/**
 * Messages per subject since the tap started, and a recent rate per subject (over the last
 * completed window of WINDOW_MS). At most `maxSubjects` are tracked: when full, the quieter half
 * is forgotten, so one message per user on 100,000 users cannot grow the map without bound.
 */
import type { TrafficClass, TrafficTopSubject } from '../../../contract/index.js';

const WINDOW_MS = 5000;

interface SubjectCount {
  cls: TrafficClass;
  msgs: number;
  bytes: number;
  inWindow: number;
  rate: number;
}

export class TopSubjects {
  private readonly counts = new Map<string, SubjectCount>();
  private windowStart: number;

  constructor(
    now: number,
    private readonly maxSubjects = 10_000,
  ) {
    this.windowStart = now;
  }

  get size(): number {
    return this.counts.size;
  }

  add(now: number, subject: string, cls: TrafficClass, bytes: number): void {
    if (now >= this.windowStart + WINDOW_MS) this.roll(now);
    let count = this.counts.get(subject);
    if (!count) {
      if (this.counts.size >= this.maxSubjects) this.prune();
      this.counts.set(subject, (count = { cls, msgs: 0, bytes: 0, inWindow: 0, rate: 0 }));
    }
    count.msgs++;
    count.bytes += bytes;
    count.inWindow++;
  }

  top(now: number, limit: number): TrafficTopSubject[] {
    if (now >= this.windowStart + WINDOW_MS) this.roll(now);
    return [...this.counts]
      .sort(([, a], [, b]) => b.rate - a.rate || b.msgs - a.msgs)
      .slice(0, limit)
      .map(([subject, count]) => ({ subject, cls: count.cls, msgs: count.msgs, bytes: count.bytes, msgsPerSec: count.rate }));
  }

  private roll(now: number): void {
    const seconds = Math.max(1, now - this.windowStart) / 1000;
    for (const count of this.counts.values()) {
      count.rate = Math.round((count.inWindow / seconds) * 10) / 10;
      count.inWindow = 0;
    }
    this.windowStart = now;
  }

  private prune(): void {
    const keep = [...this.counts].sort(([, a], [, b]) => b.inWindow - a.inWindow || b.msgs - a.msgs).slice(0, Math.floor(this.maxSubjects / 2));
    this.counts.clear();
    for (const [subject, count] of keep) this.counts.set(subject, count);
  }
}

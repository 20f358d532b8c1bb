/**
 * Everything the tap learns, in bounded memory: exact counters, per-second rates, the busiest
 * subjects, and the tail. The tail takes at most `tailPerBatch` messages per batch: when more
 * match, it keeps 1 in N (N from the previous batch's matches) and says so; the counters never
 * sample. Which 1 of N is random, so periodic traffic (a round-robin publisher) is not aliased. Synchronous and I/O-free: the feature feeds it from the tap and drains it on a timer.
 */
import type { TrafficBatch, TrafficCounters, TrafficMessageDetail, TrafficTailEntry } from '../../../contract/index.js';
import { RateWindow } from './rateWindow.js';
import type { TailPredicate } from './tailFilter.js';
import { readTapMessage, type TapMessage } from './tapMessage.js';
import { TopSubjects } from './topSubjects.js';

export interface TrafficAggregatorOptions {
  now: () => number;
  /** Tail entries per batch at most. Default 60 (240/s at 4 batches/s). */
  tailPerBatch?: number;
  /** Recent tail messages kept for the inspector. Default 500. */
  inspectable?: number;
  topLimit?: number;
  /** [0, 1); default Math.random (tests pass a fixed sequence). */
  random?: () => number;
}

const PREVIEW_CHARS = 120;
const DETAIL_TEXT_CHARS = 16 * 1024;

export type AggregateBatch = Omit<TrafficBatch, 'seq' | 'at' | 'status'>;

export class TrafficAggregator {
  readonly counters: TrafficCounters = { seen: 0, seenBytes: 0, matched: 0, shown: 0, undecodable: 0 };
  private readonly rates: RateWindow;
  private readonly subjects: TopSubjects;
  private predicate: TailPredicate = () => true;
  private tail: TrafficTailEntry[] = [];
  private sampleEvery = 1;
  private matchedInBatch = 0;
  private nextId = 1;
  /** id → the message as received, for the inspector (insertion order = age). */
  private readonly recent = new Map<number, { entry: TrafficTailEntry; message: TapMessage }>();
  private lastTopAt = 0;
  private readonly tailPerBatch: number;
  private readonly inspectable: number;
  private readonly random: () => number;

  constructor(private readonly options: TrafficAggregatorOptions) {
    const now = options.now();
    this.rates = new RateWindow(now);
    this.subjects = new TopSubjects(now);
    this.tailPerBatch = options.tailPerBatch ?? 60;
    this.inspectable = options.inspectable ?? 500;
    this.random = options.random ?? Math.random;
  }

  /** A new filter applies from the next message; the sampling and the match counts restart. */
  setPredicate(predicate: TailPredicate): void {
    this.predicate = predicate;
    this.sampleEvery = 1;
    this.counters.matched = 0;
    this.counters.shown = 0;
  }

  record(subject: string, data: Uint8Array): void {
    const now = this.options.now();
    const message = readTapMessage(subject, data);
    const id = this.nextId++;
    this.counters.seen++;
    this.counters.seenBytes += message.bytes;
    if (message.kind === 'raw') this.counters.undecodable++;
    this.rates.add(now, message.cls, message.node, message.bytes);
    this.subjects.add(now, subject, message.cls, message.bytes);
    if (!this.predicate(message)) return;
    this.counters.matched++;
    this.matchedInBatch++;
    if (this.tail.length >= this.tailPerBatch) return;
    if (this.sampleEvery > 1 && this.random() * this.sampleEvery >= 1) return;
    this.counters.shown++;
    const entry = toEntry(id, now, message);
    this.tail.push(entry);
    // Strings and parsed JSON only: nothing here points into the driver's (reused) read buffer.
    this.recent.set(id, { entry, message });
    if (this.recent.size > this.inspectable) this.recent.delete(this.recent.keys().next().value as number);
  }

  /** What happened since the last drain; sets the sampling for the next batch. */
  drain(): AggregateBatch {
    const now = this.options.now();
    const batch: AggregateBatch = {
      counters: { ...this.counters },
      sampleEvery: this.sampleEvery,
      matchedInBatch: this.matchedInBatch,
      tail: this.tail,
      rates: this.rates.takeCompleted(now),
      top: [],
    };
    if (now - this.lastTopAt >= 1000) {
      batch.top = this.subjects.top(now, this.options.topLimit ?? 12);
      this.lastTopAt = now;
    }
    this.sampleEvery = Math.max(1, Math.ceil(this.matchedInBatch / this.tailPerBatch));
    this.matchedInBatch = 0;
    this.tail = [];
    return batch;
  }

  detail(id: number): TrafficMessageDetail | null {
    const kept = this.recent.get(id);
    if (!kept) return null;
    const { text } = kept.message;
    return { entry: kept.entry, envelope: kept.message.json, text: text.slice(0, DETAIL_TEXT_CHARS), truncated: text.length > DETAIL_TEXT_CHARS };
  }

  get trackedSubjects(): number {
    return this.subjects.size;
  }
}

function toEntry(id: number, at: number, message: TapMessage): TrafficTailEntry {
  return {
    id,
    at,
    subject: message.subject,
    cls: message.cls,
    kind: message.kind,
    node: message.node,
    bytes: message.bytes,
    fromUser: message.fromUser,
    toUser: message.toUser,
    group: message.group,
    preview: message.content.length > PREVIEW_CHARS ? `${message.content.slice(0, PREVIEW_CHARS - 1)}…` : message.content,
  };
}

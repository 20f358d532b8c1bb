/**
 * Drives point-to-point traffic over any transport (chat nodes, raw NATS, Socket.IO): `pairs`
 * senders each talk to their own receiver. Every message carries a mark `<pair>.<seq>.<µs>.` at
 * the start of its content (padded to the payload size), so the receiving side needs no lookup
 * to know who sent it, which one it is and when.
 *
 * Two shapes: closed loop (each pair keeps `window` messages in flight; saturation throughput)
 * and open loop (a fixed offered rate spread round-robin over the pairs; latency at that load).
 * A message is complete when it was delivered and, if the transport acknowledges, acknowledged.
 * Latency = delivery time − send time (the moment the sender wrote it, same process clock).
 * Every pair's deliveries are checked to arrive in order, exactly once.
 */
import { performance } from 'node:perf_hooks';
import type { Histogram } from 'hdr-histogram-js';
import { latencyHistogram, percentiles, recordMs, sleep, type Percentiles } from './stats.js';

export interface PairTransport {
  readonly pairs: number;
  /** Whether a message also waits for the sender's acknowledgement to count as complete. */
  readonly acknowledged: boolean;
  /** Sends message `seq` of `pair` with this content. */
  send(pair: number, seq: number, content: string): void;
}

const RING = 1 << 16;
const ACKED = 1;
const DELIVERED = 2;

export function markedContent(pair: number, seq: number, size: number): string {
  const mark = `${pair}.${seq}.${Math.round(performance.now() * 1000)}.`;
  return mark.length >= size ? mark : mark + 'x'.repeat(size - mark.length);
}

/** Reads the mark at `start` of `text` (a content string or a JSON body holding it). */
export function readMark(text: string, start: number): { pair: number; seq: number; sentUs: number } | null {
  const a = text.indexOf('.', start);
  const b = text.indexOf('.', a + 1);
  const c = text.indexOf('.', b + 1);
  if (a < 0 || b < 0 || c < 0) return null;
  return { pair: Number(text.slice(start, a)), seq: Number(text.slice(a + 1, b)), sentUs: Number(text.slice(b + 1, c)) };
}

export interface PhaseResult extends Percentiles {
  throughput_msgs_per_s: number;
  ack_p50_ms: number;
  ack_p99_ms: number;
  offered_msgs_per_s: number;
}

export interface Integrity {
  sent: number;
  acknowledged: number;
  delivered: number;
  lost: number;
  duplicated: number;
  out_of_order: number;
  failed_acks: number;
  not_offered_backlog_full: number;
}

export class PairDriver {
  private readonly sent: Int32Array;
  private readonly lastDelivered: Int32Array;
  private readonly state: Uint8Array[];
  private completedTotal = 0;
  private deliveredTotal = 0;
  private ackedTotal = 0;
  private duplicates = 0;
  private outOfOrder = 0;
  failedAcks = 0;
  /** Messages an open loop did not send because the backlog bound was reached. */
  notOffered = 0;
  private measuring = false;
  private delivery: Histogram = latencyHistogram();
  private ack: Histogram = latencyHistogram();
  private onComplete: ((pair: number) => void) | null = null;

  constructor(
    private readonly transport: PairTransport,
    private readonly size: number,
  ) {
    this.sent = new Int32Array(transport.pairs);
    this.lastDelivered = new Int32Array(transport.pairs).fill(-1);
    this.state = Array.from({ length: transport.pairs }, () => new Uint8Array(RING));
  }

  /** The transport calls this when a receiver got a message. */
  delivered(pair: number, seq: number, sentUs: number): void {
    const now = performance.now();
    if (seq <= this.lastDelivered[pair]!) {
      this.duplicates++;
      return;
    }
    if (seq !== this.lastDelivered[pair]! + 1) this.outOfOrder++;
    this.lastDelivered[pair] = seq;
    this.deliveredTotal++;
    if (this.measuring) recordMs(this.delivery, now - sentUs / 1000);
    this.mark(pair, seq, DELIVERED);
  }

  /** The transport calls this when a sender got its acknowledgement. */
  acked(pair: number, seq: number, sentUs: number): void {
    this.ackedTotal++;
    if (this.measuring) recordMs(this.ack, performance.now() - sentUs / 1000);
    this.mark(pair, seq, ACKED);
  }

  integrity(): Integrity {
    let sent = 0;
    for (const count of this.sent) sent += count;
    return {
      sent,
      acknowledged: this.transport.acknowledged ? this.ackedTotal : sent,
      delivered: this.deliveredTotal,
      lost: sent - this.deliveredTotal,
      duplicated: this.duplicates,
      out_of_order: this.outOfOrder,
      failed_acks: this.failedAcks,
      not_offered_backlog_full: this.notOffered,
    };
  }

  /** Each pair keeps `window` messages in flight for warmup + duration; throughput over `duration`. */
  async closedLoop(window: number, warmupMs: number, durationMs: number): Promise<PhaseResult> {
    let running = true;
    this.onComplete = (pair) => {
      if (running) this.sendNext(pair);
    };
    for (let pair = 0; pair < this.transport.pairs; pair++) for (let i = 0; i < window; i++) this.sendNext(pair);
    return this.measure(0, warmupMs, durationMs, () => (running = false));
  }

  /** Saturates for `ms` without measuring (JIT, connection pools, Redis and JetStream files), then settles. */
  async warmUp(ms: number): Promise<void> {
    let running = true;
    this.onComplete = (pair) => {
      if (running) this.sendNext(pair);
    };
    for (let pair = 0; pair < this.transport.pairs; pair++) this.sendNext(pair);
    await sleep(ms);
    running = false;
    await this.settle(10_000);
  }

  /** Sends `rate` messages per second in total, round-robin over the pairs. */
  async openLoop(rate: number, warmupMs: number, durationMs: number): Promise<PhaseResult> {
    this.onComplete = null;
    const maxBacklog = Math.max(200, rate / 10);
    let running = true;
    const started = performance.now();
    let issued = 0;
    let pair = 0;
    const tick = () => {
      if (!running) return;
      const due = Math.floor(((performance.now() - started) * rate) / 1000) - issued;
      for (let i = 0; i < due; i++) {
        // Past the backlog bound the system is not keeping up: the message is not offered at all
        // (counted), so an overloaded phase stays bounded in time; its achieved rate shows it.
        if (this.outstanding() >= maxBacklog) this.notOffered++;
        else this.sendNext(pair);
        pair = (pair + 1) % this.transport.pairs;
      }
      issued += Math.max(0, due);
      setTimeout(tick, 1);
    };
    tick();
    return this.measure(rate, warmupMs, durationMs, () => (running = false));
  }

  private outstanding(): number {
    let sent = 0;
    for (const count of this.sent) sent += count;
    return sent - this.completedTotal;
  }

  /** Waits until everything sent is complete (or `timeoutMs`). */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { sent } = this.integrity();
      if (this.completedTotal >= sent) return;
      await sleep(20);
    }
  }

  private async measure(offered: number, warmupMs: number, durationMs: number, stop: () => void): Promise<PhaseResult> {
    await sleep(warmupMs);
    this.delivery = latencyHistogram();
    this.ack = latencyHistogram();
    const before = this.deliveredTotal;
    const started = performance.now();
    this.measuring = true;
    await sleep(durationMs);
    const count = this.deliveredTotal - before;
    const elapsed = performance.now() - started;
    this.measuring = false;
    stop();
    await this.settle(10_000);
    const ack = percentiles(this.ack);
    return {
      throughput_msgs_per_s: Math.round((count * 1000) / elapsed),
      offered_msgs_per_s: offered,
      ...percentiles(this.delivery),
      ack_p50_ms: ack.p50_ms,
      ack_p99_ms: ack.p99_ms,
    };
  }

  private sendNext(pair: number): void {
    const seq = this.sent[pair]!;
    const slot = this.state[pair]!;
    if (slot[seq & (RING - 1)] !== 0) return; // a whole ring behind: the transport is stuck; do not overwrite
    this.sent[pair] = seq + 1;
    this.transport.send(pair, seq, markedContent(pair, seq, this.size));
  }

  private mark(pair: number, seq: number, bit: number): void {
    const slot = this.state[pair]!;
    const index = seq & (RING - 1);
    const value = slot[index]! | bit;
    const done = this.transport.acknowledged ? ACKED | DELIVERED : DELIVERED;
    if ((value & done) === done) {
      slot[index] = 0;
      this.completedTotal++;
      this.onComplete?.(pair);
    } else slot[index] = value;
  }
}

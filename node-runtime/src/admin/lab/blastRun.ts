/**
 * BlastRun: paced chat traffic over connected ChatClients, with every message counted.
 *
 * API (for the Test lab and the Failover lab's scenarios):
 *   const run = new BlastRun(plan, spec, { graceMs?, now? });   // plan: BlastPlan (who sends to whom), spec: BlastSpec (contract)
 *   run.on('tick', (tick: BlastTick) => …);                      // once per second: counts, msgs/s, latency of that second
 *   run.on('end', (view: BlastView) => …);                       // state 'done' (duration over, settled) or 'stopped'
 *   run.start();                                                  // sends for spec.durationMs (Infinity = until stop)
 *   run.counts() / run.latency() / run.ackLatency() / run.reconnects() / run.view() / run.ticks()
 *   run.view().duplicates                                         // the first 20 duplicates, each copy's msg_id#seq
 *   await run.stop();                                             // stop sending now (state 'stopped'), wait for in-flight sends
 *   const counts = await run.settle(15_000);                      // wait for acknowledged messages, freeze `lost`, emit 'end'
 *   await run.finished;                                           // the final BlastView (after the duration the run drains and settles by itself)
 * Each sender (a "lane") sends in order and, by default, waits for the ack before its next message
 * (options.maxInFlightPerSender allows a window); a failed send is retried with the same
 * client_msg_id (idempotent on the server) until acked or stopped.
 * Lanes are paced to spec.ratePerSec in total; a lane more than a second behind drops the backlog
 * rather than bursting. Recipients are ChatClients, which de-duplicate P2P by mailbox seq, so
 * `duplicated` counts what a user would really see twice; `lost` counts acknowledged receptions
 * missing after `graceMs` (default 5 s), or after settle(). Reconnects (drop → re-login) are timed
 * per user. The run never closes the clients: their owner does.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ChatClient, GroupTextPush, TextPush } from '../../client/index.js';
import type { BlastCounts, BlastReconnect, BlastSpec, BlastState, BlastTick, BlastView, LatencyPercentiles } from '../../../contract/index.js';
import { DeliveryLedger } from './deliveryLedger.js';
import { LatencyRecorder } from './latencyRecorder.js';
import { blastContent, parseBlastContent } from './blastContent.js';

export interface BlastUser {
  name: string;
  client: ChatClient;
}

/** Who sends to whom: P2P pairs (one lane per pair) or one group (one lane per member). */
export type BlastPlan = { pattern: 'p2p'; pairs: { sender: BlastUser; recipient: BlastUser }[] } | { pattern: 'group'; groupId: number; members: BlastUser[] };

export interface BlastRunOptions {
  /** An acknowledged reception is `pending` this long, then `lost`. Default 5000. */
  graceMs?: number;
  /** Wall clock for reported times. Default Date.now. */
  now?: () => number;
  /** Wait after a failed attempt before the retry. Default 100. */
  retryDelayMs?: number;
  /** How long the run waits for deliveries after its duration before it is `done`. Default 10 000. */
  drainMs?: number;
  /**
   * Messages a sender may have unacknowledged at once. Default 1: strictly one after the other, so
   * per-sender order is guaranteed and `outOfOrder` must stay 0. More lets few senders reach high
   * rates (one connection's frames are still handled in order), but a failed send retried behind
   * later ones shows up as `outOfOrder`.
   */
  maxInFlightPerSender?: number;
}

export interface BlastRunEvents {
  tick: [tick: BlastTick];
  end: [view: BlastView];
}

interface Lane {
  index: number;
  sender: BlastUser;
  recipients: BlastUser[];
  send(content: string, clientMsgId: string): Promise<boolean>;
}

const MAX_TICKS = 3600;

export class BlastRun extends EventEmitter<BlastRunEvents> {
  readonly runId = randomUUID().slice(0, 8);
  /** Resolves with the final view when the run is done or stopped. */
  readonly finished: Promise<BlastView>;
  private readonly lanes: Lane[];
  private readonly ledger: DeliveryLedger;
  private readonly delivery = new LatencyRecorder();
  private readonly ack = new LatencyRecorder();
  private readonly reconnectLog: BlastReconnect[] = [];
  private readonly detach: (() => void)[] = [];
  private readonly tickLog: BlastTick[] = [];
  private readonly now: () => number;
  private readonly graceMs: number;
  private stateValue: BlastState | 'new' = 'new';
  private startedAt = 0;
  private startedMono = 0;
  private endedAt: number | null = null;
  private loops: Promise<void>[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private durationTimer: NodeJS.Timeout | undefined;
  private lastTick = { sent: 0, delivered: 0, mono: 0 };
  private resolveFinished!: (view: BlastView) => void;
  private wakeSleepers = new Set<() => void>();

  constructor(
    plan: BlastPlan,
    readonly spec: BlastSpec,
    private readonly options: BlastRunOptions = {},
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.graceMs = options.graceMs ?? 5000;
    this.lanes = lanesOf(plan);
    if (this.lanes.length === 0) throw new Error('a blast needs at least one sender and one recipient');
    this.ledger = new DeliveryLedger((lane) => this.lanes[lane]?.recipients.map((user) => user.name) ?? []);
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  get state(): BlastState | 'new' {
    return this.stateValue;
  }

  get senders(): number {
    return this.lanes.length;
  }

  start(): void {
    if (this.stateValue !== 'new') throw new Error('a blast run starts once');
    this.stateValue = 'running';
    this.startedAt = this.now();
    this.startedMono = performance.now();
    this.lastTick.mono = this.startedMono;
    this.listen();
    this.loops = this.lanes.map((lane) => this.sendLoop(lane));
    this.ticker = setInterval(() => this.tick(), 1000);
    if (Number.isFinite(this.spec.durationMs)) {
      this.durationTimer = setTimeout(() => void this.drainThenFinish(), this.spec.durationMs);
    }
  }

  /** Stops sending at once (state `stopped`) and waits for in-flight sends; receptions are still counted until settle(). */
  async stop(): Promise<void> {
    if (this.stateValue === 'running' || this.stateValue === 'draining' || this.stateValue === 'new') this.stateValue = 'stopped';
    this.stopTimers();
    await Promise.all(this.loops);
  }

  /**
   * Waits until no acknowledged reception is missing (or the timeout), then freezes `lost`, stops
   * listening to the clients and ends the run ('end' event, `finished`). Call it after stop().
   */
  async settle(timeoutMs: number): Promise<BlastCounts> {
    if (this.endedAt === null) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline && this.ledger.snapshot(performance.now(), Infinity).pending > 0) await sleep(50);
      // A duplicate would come right after the original: give it a moment to show.
      await sleep(300);
      this.ledger.settle();
      this.release();
      this.stopTimers();
      if (this.stateValue === 'draining') this.stateValue = 'done';
      this.emitEnd();
    }
    return this.counts();
  }

  counts(): BlastCounts {
    // The ledger keeps monotonic times (performance.now), so it is asked on that clock, not the wall clock.
    return this.ledger.snapshot(performance.now(), this.graceMs);
  }

  /** Client send → delivered, ms, over the run. */
  latency(): LatencyPercentiles {
    return this.delivery.overall();
  }

  /** Client send → server ack, ms, over the run. */
  ackLatency(): LatencyPercentiles {
    return this.ack.overall();
  }

  reconnects(): BlastReconnect[] {
    return this.reconnectLog.map((entry) => ({ ...entry }));
  }

  ticks(): BlastTick[] {
    return [...this.tickLog];
  }

  view(): BlastView {
    return {
      runId: this.runId,
      spec: { ...this.spec },
      state: this.stateValue === 'new' ? 'running' : this.stateValue,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      senders: this.lanes.length,
      counts: this.counts(),
      latency: this.latency(),
      ackLatency: this.ackLatency(),
      reconnects: this.reconnects(),
      duplicates: this.ledger.duplicates(),
    };
  }

  // ---- sending ----

  private async sendLoop(lane: Lane): Promise<void> {
    const intervalMs = (this.lanes.length * 1000) / this.spec.ratePerSec;
    const window = Math.max(1, this.options.maxInFlightPerSender ?? 1);
    const inFlight = new Set<Promise<void>>();
    // Lanes start spread over one interval so the total rate is smooth.
    let due = this.startedMono + (lane.index * intervalMs) / this.lanes.length;
    for (let seq = 0; this.stateValue === 'running'; seq++) {
      const wait = due - performance.now();
      if (wait > 0) await this.sleep(wait);
      while (inFlight.size >= window && this.stateValue === 'running') await Promise.race(inFlight);
      if (this.stateValue !== 'running') break;
      const sending = this.sendOne(lane, seq).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      due += intervalMs;
      // More than a second behind (a stall): drop the backlog instead of bursting.
      if (performance.now() - due > 1000) due = performance.now();
    }
    await Promise.all(inFlight);
  }

  /** One message, retried with the same client_msg_id until acked or the run stops sending. */
  private async sendOne(lane: Lane, seq: number): Promise<void> {
    const content = blastContent(this.runId, lane.index, seq, this.spec.payloadBytes);
    const clientMsgId = randomUUID();
    this.ledger.sent(lane.index, seq, performance.now());
    while (this.stateValue === 'running') {
      const ok = await lane.send(content, clientMsgId).catch(() => false);
      if (ok) {
        const ackMs = this.ledger.acknowledged(lane.index, seq, performance.now());
        if (ackMs !== null) this.ack.record(ackMs);
        return;
      }
      this.ledger.failedAttempt();
      await this.sleep(this.options.retryDelayMs ?? 100);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeSleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeSleepers.add(wake);
    });
  }

  // ---- receiving ----

  private listen(): void {
    const users = new Map<string, BlastUser>();
    const lanesTo = new Map<string, Set<number>>();
    for (const lane of this.lanes) {
      users.set(lane.sender.name, lane.sender);
      for (const user of lane.recipients) {
        users.set(user.name, user);
        let lanes = lanesTo.get(user.name);
        if (!lanes) lanesTo.set(user.name, (lanes = new Set()));
        lanes.add(lane.index);
      }
    }
    for (const user of users.values()) {
      this.watchReconnects(user);
      const lanes = lanesTo.get(user.name);
      if (!lanes) continue;
      const onContent = (content: string, tag: string) => {
        const parsed = parseBlastContent(content, this.runId);
        if (!parsed || !lanes.has(parsed.lane)) return;
        const latency = this.ledger.received(user.name, parsed.lane, parsed.seq, performance.now(), tag, this.now());
        if (latency !== null) this.delivery.record(latency);
      };
      const onText = (push: TextPush) => onContent(push.content, `${push.msg_id ?? '?'}#${push.seq ?? '?'}`);
      const onGroup = (push: GroupTextPush) => onContent(push.content, `${push.msg_id ?? '?'}#${push.id ?? '?'}`);
      user.client.on('text', onText);
      user.client.on('groupText', onGroup);
      this.detach.push(() => user.client.off('text', onText).off('groupText', onGroup));
    }
  }

  private watchReconnects(user: BlastUser): void {
    let open: BlastReconnect | null = null;
    const onDown = (info: { server: string }) => {
      if (open) return;
      open = { username: user.name, fromServer: info.server, toServer: null, downAt: this.now(), upAt: null, ms: null };
      this.reconnectLog.push(open);
    };
    const onLogin = (info: { relogin: boolean }) => {
      if (!open || !info.relogin) return;
      open.upAt = this.now();
      open.ms = open.upAt - open.downAt;
      open.toServer = user.client.currentServer;
      open = null;
    };
    user.client.on('disconnected', onDown);
    user.client.on('loggedIn', onLogin);
    this.detach.push(() => user.client.off('disconnected', onDown).off('loggedIn', onLogin));
  }

  // ---- ticks and the end ----

  private tick(): BlastTick {
    const mono = performance.now();
    const counts = this.counts();
    const seconds = Math.max(0.001, (mono - this.lastTick.mono) / 1000);
    const tick: BlastTick = {
      elapsedMs: Math.round(mono - this.startedMono),
      at: this.now(),
      counts,
      sentPerSec: Math.round((counts.sent - this.lastTick.sent) / seconds),
      deliveredPerSec: Math.round((counts.delivered - this.lastTick.delivered) / seconds),
      latency: this.delivery.takeInterval(),
    };
    this.lastTick = { sent: counts.sent, delivered: counts.delivered, mono };
    this.tickLog.push(tick);
    if (this.tickLog.length > MAX_TICKS) this.tickLog.shift();
    this.emit('tick', tick);
    return tick;
  }

  private async drainThenFinish(): Promise<void> {
    if (this.stateValue !== 'running') return;
    this.stateValue = 'draining';
    for (const wake of [...this.wakeSleepers]) wake();
    await Promise.all(this.loops);
    await this.settle(this.options.drainMs ?? 10_000);
  }

  private emitEnd(): void {
    if (this.endedAt !== null) return;
    this.endedAt = this.now();
    this.tick();
    const view = this.view();
    this.emit('end', view);
    this.resolveFinished(view);
  }

  private stopTimers(): void {
    clearInterval(this.ticker);
    clearTimeout(this.durationTimer);
    for (const wake of [...this.wakeSleepers]) wake();
  }

  /** Stops listening to the clients (they stay connected). */
  private release(): void {
    for (const undo of this.detach.splice(0)) undo();
  }
}

function lanesOf(plan: BlastPlan): Lane[] {
  if (plan.pattern === 'p2p') {
    return plan.pairs.map(({ sender, recipient }, index) => ({
      index,
      sender,
      recipients: [recipient],
      send: async (content, clientMsgId) => (await sender.client.sendText(recipient.name, content, { clientMsgId }))?.status === 0,
    }));
  }
  if (plan.members.length < 2) return [];
  return plan.members.map((sender, index) => ({
    index,
    sender,
    recipients: plan.members.filter((member) => member !== sender),
    send: async (content, clientMsgId) => (await sender.client.sendGroupText(plan.groupId, content, { clientMsgId })).status === 0,
  }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

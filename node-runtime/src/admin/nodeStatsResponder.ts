/**
 * Every node answers `admin.node.<id>.stats` on the bus with its live NodeStatsView (JSON), so a
 * console sees any node of the cluster the same way, in-process or not. Message rates come from
 * running totals sampled once a second (two subtractions per second: nothing per message).
 */
import type { NodeStatsView } from '../../contract/index.js';
import { Subjects } from '../cluster/bus/subjects.js';
import type { BusSubscription, MessageBus } from '../cluster/bus/messageBus.js';
import type { Logger } from '../common/logger.js';

export interface NodeStatsSource {
  connections(): number;
  users(): number;
  /** Running total of chat messages accepted from this node's clients. */
  messagesIn(): number;
  /** Running total of pushes written to this node's connections. */
  messagesOut(): number;
  uptimeMs(): number;
  /** The NATS server the node's bus talks to, or `memory`. */
  natsServer(): string;
}

export interface NodeStatsResponderDeps {
  nodeId: string;
  bus: MessageBus;
  source: NodeStatsSource;
  logger: Logger;
  now?: () => number;
  /** Default 1000 ms. */
  sampleEveryMs?: number;
}

interface Sample {
  at: number;
  in: number;
  out: number;
}

const encoder = new TextEncoder();

export class NodeStatsResponder {
  private subscription: BusSubscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last: Sample | undefined;
  private rates = { in: 0, out: 0 };
  private readonly now: () => number;

  constructor(private readonly deps: NodeStatsResponderDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    if (this.subscription) return;
    this.last = this.read();
    this.timer = setInterval(() => this.sample(), this.deps.sampleEveryMs ?? 1000);
    this.timer.unref();
    this.subscription = this.deps.bus.serve(Subjects.nodeStats(this.deps.nodeId), () => encoder.encode(JSON.stringify(this.view())));
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.subscription?.unsubscribe();
    } catch (error) {
      this.deps.logger.debug('stats_unserve_failed', { error: error instanceof Error ? error.message : String(error) });
    }
    this.subscription = undefined;
  }

  /** The stats as the bus answers them. */
  view(): NodeStatsView {
    const { source } = this.deps;
    const memory = process.memoryUsage();
    return {
      connections: source.connections(),
      users: source.users(),
      msgsInPerSec: this.rates.in,
      msgsOutPerSec: this.rates.out,
      uptimeMs: source.uptimeMs(),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      natsServer: source.natsServer(),
      sampledAt: this.now(),
    };
  }

  private read(): Sample {
    return { at: this.now(), in: this.deps.source.messagesIn(), out: this.deps.source.messagesOut() };
  }

  private sample(): void {
    const current = this.read();
    const previous = this.last ?? current;
    const seconds = (current.at - previous.at) / 1000;
    if (seconds > 0) this.rates = { in: rate(current.in - previous.in, seconds), out: rate(current.out - previous.out, seconds) };
    this.last = current;
  }
}

function rate(delta: number, seconds: number): number {
  return Math.max(0, Math.round((delta / seconds) * 10) / 10);
}

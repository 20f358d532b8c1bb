/**
 * Keeps a node's published load fresh. Clients pick a node from the registry's copy of every
 * node's load, so a copy refreshed every few seconds would send a whole burst of clients to the
 * node that looked emptiest: instead the node samples itself every `sampleEveryMs` and publishes
 * as soon as something changed enough — at most once per `minGapMs` (a burst costs ~5 registry
 * writes a second per node, an idle node one per `refreshMs`). Along with the connection count it
 * publishes the connect rate, which tells a reader how many other clients are choosing at the same
 * time (client/nodeSelection.ts spreads its choice accordingly). One publish at a time; a failed
 * one is retried at the next sample.
 */
import { silentLogger, type Logger } from '../../common/logger.js';
import type { NodeLoad } from './nodeLoad.js';
import type { NodeRegistry } from './nodeRegistry.js';

export interface LoadSource {
  /** Open connections. */
  connections(): number;
  /** Running total of accepted connections (the connect rate is its growth). */
  accepted(): number;
  /** Running total of chat messages in and out. */
  messages(): number;
}

export interface LoadPublisherOptions {
  registry: Pick<NodeRegistry, 'publishLoad'>;
  nodeId: string;
  maxConnections: number;
  source: LoadSource;
  logger?: Logger;
  now?: () => number;
  /** Default 50 ms. */
  sampleEveryMs?: number;
  /** Least time between two publishes. Default 200 ms. */
  minGapMs?: number;
  /** Publish at least this often, changed or not (keeps `at` and decayed rates honest). Default 5000 ms. */
  refreshMs?: number;
  /** The rates' window. Default 1000 ms. */
  windowMs?: number;
}

interface Sample {
  at: number;
  accepted: number;
  messages: number;
}

export class LoadPublisher {
  private timer: NodeJS.Timeout | undefined;
  private readonly samples: Sample[] = [];
  private last: NodeLoad | undefined;
  private inFlight = false;
  private stopped = false;
  /** Publishes that succeeded (for tests and logs). */
  publishes = 0;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(private readonly options: LoadPublisherOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.sampleEveryMs ?? 50);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One sample, and a publish if due. Resolves when that publish is done. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    const load = this.measure();
    if (this.inFlight || !this.due(load)) return;
    this.inFlight = true;
    try {
      await this.options.registry.publishLoad(this.options.nodeId, load);
      this.last = load;
      this.publishes += 1;
    } catch (error) {
      this.logger.debug('load_publish_failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.inFlight = false;
    }
  }

  private measure(): NodeLoad {
    const at = this.now();
    const { source } = this.options;
    const windowMs = this.options.windowMs ?? 1000;
    this.samples.push({ at, accepted: source.accepted(), messages: source.messages() });
    // Keep the newest sample at or before the window's start as the rates' base.
    while (this.samples.length > 2 && (this.samples[1] as Sample).at <= at - windowMs) this.samples.shift();
    const first = this.samples[0] as Sample;
    const seconds = Math.max(at - first.at, 1) / 1000;
    const latest = this.samples[this.samples.length - 1] as Sample;
    return {
      connections: source.connections(),
      maxConnections: this.options.maxConnections,
      connectsPerSec: round((latest.accepted - first.accepted) / seconds),
      msgsPerSec: round(Math.max(0, latest.messages - first.messages) / seconds),
      at,
    };
  }

  private due(load: NodeLoad): boolean {
    const last = this.last;
    if (!last) return true;
    const since = load.at - last.at;
    if (since < (this.options.minGapMs ?? 200)) return false;
    if (since >= (this.options.refreshMs ?? 5000)) return true;
    return load.connections !== last.connections || changedEnough(last.connectsPerSec, load.connectsPerSec) || changedEnough(last.msgsPerSec, load.msgsPerSec);
  }
}

/** Rates jitter from sample to sample: only a change of 20 % (and at least 1/s) is news. */
function changedEnough(before: number, after: number): boolean {
  return Math.abs(after - before) >= Math.max(1, 0.2 * Math.max(before, after)) || (before === 0) !== (after === 0);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

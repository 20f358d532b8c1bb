/**
 * The Traffic view's back end: a wiretap on the bus, aggregated here and sent as one `traffic`
 * batch every TRAFFIC_BATCH_MS. The tap runs only while someone needs it — a Traffic view renews
 * a lease (watchTraffic) while shown, a lab takes a hold() — and stops itself after that, so an
 * idle console costs the bus nothing. Other features read the tap through onBusEvent (its
 * connection's drops and returns, and every second's rates) and counters().
 */
import { TRAFFIC_BATCH_MS, TRAFFIC_LEASE_MS, type TrafficCounters, type TrafficEvents, type TrafficFilter, type TrafficMethods, type TrafficRatePoint, type TrafficStatus } from '../../../contract/index.js';
import { openBusTap } from '../../cluster/backends.js';
import type { BusTap, BusTapState, TapHandler } from '../../cluster/bus/busTap.js';
import { AdminError } from '../adminErrors.js';
import { FeatureEvents, type AdminFeature, type FeatureContext, type FeatureHandlers } from '../adminFeature.js';
import { TrafficAggregator } from './trafficAggregator.js';
import { compileTailFilter, EMPTY_FILTER } from './tailFilter.js';

/** What the Failover lab (or anyone) can follow on the tap without the renderer's batches. */
export type TrafficBusEvent =
  | { type: 'tap'; at: number; state: BusTapState | 'stopped'; server: string; downMs?: number }
  | { type: 'rate'; at: number; point: TrafficRatePoint };

export type OpenTap = (handler: TapHandler) => Promise<BusTap>;

export interface TrafficFeatureOptions {
  batchMs?: number;
  leaseMs?: number;
  tailPerBatch?: number;
  /** Default: the host's bus (in process) or a NATS connection of its own (cluster). */
  openTap?: OpenTap;
}

export class TrafficFeature implements AdminFeature<TrafficMethods, TrafficEvents> {
  private readonly events = new FeatureEvents<TrafficEvents>();
  private readonly busListeners = new Set<(event: TrafficBusEvent) => void>();
  private filter: TrafficFilter = EMPTY_FILTER;
  private tap: BusTap | undefined;
  private starting: Promise<void> | undefined;
  private aggregator: TrafficAggregator | undefined;
  private timer: NodeJS.Timeout | undefined;
  private leaseUntil = 0;
  private holds = 0;
  private seq = 0;
  private reconnects = 0;
  private error: string | null = null;
  private closed = false;
  private readonly batchMs: number;
  private readonly leaseMs: number;

  readonly handlers: FeatureHandlers<TrafficMethods> = {
    getTrafficStatus: async () => this.status(),
    setTrafficFilter: async (change) => this.setFilter(change),
    watchTraffic: async () => {
      this.leaseUntil = this.context.now() + this.leaseMs;
      await this.ensureRunning();
      return this.status();
    },
    getTrafficMessage: async ({ id }) => {
      const detail = this.aggregator?.detail(id);
      if (!detail) throw new AdminError('NOT_FOUND', `message ${id} is no longer kept (the inspector keeps the last few hundred messages shown in the tail)`);
      return detail;
    },
  };

  constructor(
    readonly context: FeatureContext,
    private readonly options: TrafficFeatureOptions = {},
  ) {
    this.batchMs = options.batchMs ?? TRAFFIC_BATCH_MS;
    this.leaseMs = options.leaseMs ?? TRAFFIC_LEASE_MS;
  }

  on<K extends keyof TrafficEvents>(event: K, listener: (payload: TrafficEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Follows the tap's connection and its per-second rates (for the Failover timeline). */
  onBusEvent(listener: (event: TrafficBusEvent) => void): () => void {
    this.busListeners.add(listener);
    return () => this.busListeners.delete(listener);
  }

  /** Keeps the tap running until the returned release is called (e.g. during a failover scenario). */
  async hold(): Promise<() => void> {
    this.holds++;
    let released = false;
    try {
      await this.ensureRunning();
    } catch (error) {
      this.holds--;
      throw error;
    }
    return () => {
      if (!released) this.holds--;
      released = true;
    };
  }

  /** Exact counts since the tap started (null while it does not run). */
  counters(): TrafficCounters | null {
    return this.aggregator ? { ...this.aggregator.counters } : null;
  }

  status(): TrafficStatus {
    const tap = this.tap;
    return {
      tapping: tap !== undefined,
      source: tap?.source ?? 'none',
      server: tap?.server ?? '',
      connection: tap ? tap.state : 'idle',
      reconnects: this.reconnects,
      error: this.error,
      filter: this.filter,
    };
  }

  setFilter(change: Partial<TrafficFilter>): TrafficFilter {
    const next = { ...this.filter, ...change };
    let predicate;
    try {
      predicate = compileTailFilter(next);
    } catch (error) {
      throw new AdminError('BAD_ARGUMENT', `setTrafficFilter: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.filter = next;
    this.aggregator?.setPredicate(predicate);
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => undefined);
    await this.stop();
  }

  private async ensureRunning(): Promise<void> {
    if (this.closed) throw new AdminError('NOT_AVAILABLE', 'the console is closing');
    if (this.tap) return;
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    await this.starting;
  }

  private async start(): Promise<void> {
    const aggregator = new TrafficAggregator({ now: this.context.now, ...(this.options.tailPerBatch ? { tailPerBatch: this.options.tailPerBatch } : {}) });
    aggregator.setPredicate(compileTailFilter(this.filter));
    const handler: TapHandler = (subject, data) => {
      try {
        aggregator.record(subject, data);
      } catch (error) {
        this.context.logger.warn('traffic_tap_record_failed', { subject, error: error instanceof Error ? error.message : String(error) });
      }
    };
    let tap: BusTap;
    try {
      tap = await (this.options.openTap ?? this.defaultTap)(handler);
    } catch (error) {
      this.error = `cannot tap the bus: ${error instanceof Error ? error.message : String(error)}`;
      throw new AdminError('NOT_AVAILABLE', this.error);
    }
    if (this.closed) {
      await tap.close();
      return;
    }
    this.error = null;
    this.reconnects = 0;
    this.tap = tap;
    this.aggregator = aggregator;
    tap.onStateChange((change) => {
      if (change.state === 'connected') this.reconnects++;
      this.notify({ type: 'tap', at: this.context.now(), state: change.state, server: change.server, ...(change.downMs !== undefined ? { downMs: change.downMs } : {}) });
    });
    this.notify({ type: 'tap', at: this.context.now(), state: tap.state, server: tap.server });
    this.context.logger.info('traffic_tap_started', { source: tap.source, server: tap.server });
    this.timer = setInterval(() => this.tick(), this.batchMs);
    this.timer.unref();
  }

  private readonly defaultTap: OpenTap = (handler) => {
    const host = this.context.host;
    const first = host.nodes()[0];
    if (!host.running || !first) return Promise.reject(new Error('the console host is not running'));
    return openBusTap(host.backends.bus, first.node.config, this.context.logger, handler);
  };

  private tick(): void {
    if (this.holds === 0 && this.context.now() > this.leaseUntil) {
      void this.stop();
      return;
    }
    const aggregator = this.aggregator;
    if (!aggregator) return;
    const batch = aggregator.drain();
    for (const point of batch.rates) this.notify({ type: 'rate', at: point.at, point });
    if (this.events.count('traffic') === 0) return;
    this.events.emit('traffic', { seq: ++this.seq, at: this.context.now(), status: this.status(), ...batch });
  }

  private async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const tap = this.tap;
    this.tap = undefined;
    this.aggregator = undefined;
    if (!tap) return;
    await tap.close().catch(() => undefined);
    this.context.logger.info('traffic_tap_stopped', { source: tap.source });
    this.notify({ type: 'tap', at: this.context.now(), state: 'stopped', server: tap.server });
  }

  private notify(event: TrafficBusEvent): void {
    for (const listener of this.busListeners) {
      try {
        listener(event);
      } catch {
        // a broken listener must not stop the tap
      }
    }
  }
}

/**
 * Prometheus metrics of one node (prom-client). Each node has its own registry, so several
 * in-process nodes never mix their numbers. Gauges that mirror node state are read at scrape time.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MessageKind, NodeMetrics } from '../common/nodeMetrics.js';
import type { BackendHealth } from '../cluster/backendHealth.js';

export interface MetricsSources {
  connections: () => number;
  users: () => number;
  backends: () => Record<string, BackendHealth>;
}

export class PrometheusMetrics implements NodeMetrics {
  readonly registry = new Registry();
  /** Plain running totals (every kind), read cheaply once a second for the console's rates. */
  readonly totals = { accepted: 0, delivered: 0 };
  private readonly accepted: Counter<'kind'>;
  private readonly delivered: Counter<'kind'>;
  private readonly published: Counter<'kind'>;
  private readonly latency: Histogram<'kind'>;

  constructor(nodeId: string, sources: MetricsSources) {
    this.registry.setDefaultLabels({ node: nodeId });
    const registers = [this.registry];
    this.accepted = new Counter({ name: 'chat_messages_accepted_total', help: 'Chat messages accepted from clients of this node', labelNames: ['kind'], registers });
    this.delivered = new Counter({ name: 'chat_messages_delivered_total', help: 'Pushes written to connections of this node', labelNames: ['kind'], registers });
    this.published = new Counter({ name: 'chat_cross_node_publishes_total', help: 'Messages published on the bus for other nodes', labelNames: ['kind'], registers });
    this.latency = new Histogram({
      name: 'chat_delivery_latency_seconds',
      help: 'From the server storing a message to its push on a recipient connection',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    new Gauge({ name: 'chat_connections', help: 'Open client connections', registers, collect() { this.set(sources.connections()); } });
    new Gauge({ name: 'chat_users_online', help: 'Users with at least one connection on this node', registers, collect() { this.set(sources.users()); } });
    new Gauge({
      name: 'chat_backend_up',
      help: 'Backend state per port: 1 ok, 0.5 degraded, 0 down',
      labelNames: ['port', 'backend'],
      registers,
      collect() {
        this.reset();
        for (const [port, health] of Object.entries(sources.backends())) {
          this.set({ port, backend: health.endpoint }, health.state === 'ok' ? 1 : health.state === 'degraded' ? 0.5 : 0);
        }
      },
    });
  }

  messageAccepted(kind: MessageKind): void {
    this.totals.accepted += 1;
    this.accepted.inc({ kind });
  }

  messageDelivered(kind: MessageKind, count = 1): void {
    this.totals.delivered += count;
    this.delivered.inc({ kind }, count);
  }

  crossNodePublished(kind: MessageKind): void {
    this.published.inc({ kind });
  }

  deliveryLatency(kind: MessageKind, seconds: number): void {
    this.latency.observe({ kind }, Math.max(0, seconds));
  }
}

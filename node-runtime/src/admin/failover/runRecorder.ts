/**
 * The run's merged timeline and its convergence clocks. While a scenario runs it listens to the
 * registry watch (health changes), the presence change feed (users leaving the failed node and
 * reappearing elsewhere, batched every 250 ms), the bus connection (NATS reconnects, polled from
 * the backend's own health and the Traffic tap's status) and samples the blast counters once a
 * second. All times are ms since the run started.
 */
import type { Convergence, CounterSample, MessageCounts, NodeAction, TimelineEntry, TimelineKind, TrafficStatus } from '../../../contract/index.js';
import type { NodeStatus } from '../../cluster/registry/nodeRegistry.js';
import type { PresenceChange } from '../../cluster/presence/presenceStore.js';
import type { ConsoleHost } from '../consoleHost.js';

const MAX_TIMELINE = 1500;
const POLL_MS = 250;

export interface RunRecorderDeps {
  host: ConsoleHost;
  now: () => number;
  /** The blast's counts now (zeros before a blast). */
  counts: () => MessageCounts;
  /** The Traffic tap's status (NATS reconnects), when the Traffic feature can tell. */
  trafficStatus?: () => Promise<TrafficStatus>;
}

interface Pending {
  entry: Convergence;
  /** Users on the node when it failed: converged once each is online elsewhere. */
  users: number[];
}

export const ZERO_COUNTS: MessageCounts = { sent: 0, acknowledged: 0, delivered: 0, duplicated: 0, lost: 0 };

export class RunRecorder {
  readonly timeline: TimelineEntry[] = [];
  readonly samples: CounterSample[] = [];
  readonly convergence: Convergence[] = [];
  private readonly pending: Pending[] = [];
  private readonly startedAt: number;
  private readonly cleanups: (() => void)[] = [];
  private health = new Map<string, string>();
  private presenceBatch: PresenceChange[] = [];
  private busState = '';
  private tapReconnects: number | null = null;
  private polling = false;

  constructor(private readonly deps: RunRecorderDeps) {
    this.startedAt = deps.now();
  }

  get elapsedMs(): number {
    return this.deps.now() - this.startedAt;
  }

  /** True while a failure or restart has not converged yet. */
  get converging(): boolean {
    return this.pending.length > 0;
  }

  async start(): Promise<void> {
    const { registry, presence } = this.deps.host.backends;
    for (const node of await registry.list()) this.health.set(node.id, node.health);
    this.cleanups.push(registry.watch((nodes) => this.onRegistry(nodes)));
    this.cleanups.push(presence.subscribe((change) => this.presenceBatch.push(change)));
    this.busState = this.busLabel();
    const poll = setInterval(() => void this.poll(), POLL_MS);
    const sample = setInterval(() => void this.sample(), 1000);
    this.cleanups.push(() => clearInterval(poll), () => clearInterval(sample));
    await this.sample();
  }

  stop(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.flushPresence();
    for (const open of this.pending.splice(0)) this.note('scenario', open.entry.nodeId, `${open.entry.action} of ${open.entry.nodeId} had not converged when the run ended`);
  }

  note(kind: TimelineKind, nodeId: string | null, text: string): void {
    if (this.timeline.length >= MAX_TIMELINE) return;
    this.timeline.push({ t: this.elapsedMs, kind, nodeId, text });
  }

  /** Starts the convergence clocks of an action that was just carried out. */
  async actionDone(nodeId: string, action: NodeAction, at: number): Promise<void> {
    const failed = action !== 'restart';
    const users = failed ? await this.deps.host.backends.presence.usersOn(nodeId).catch(() => []) : [];
    const entry: Convergence = { nodeId, action, at, registryMs: null, presenceMs: null, usersOnNode: users.length, reconnects: [] };
    this.convergence.push(entry);
    this.pending.push({ entry, users });
    this.onRegistry(await this.deps.host.backends.registry.list().catch(() => []));
  }

  private onRegistry(nodes: NodeStatus[]): void {
    const seen = new Map(nodes.map((node) => [node.id, node]));
    for (const [id, node] of seen) {
      const before = this.health.get(id);
      if (before === undefined) this.note('registry', id, `${id} joined the registry (${node.health})`);
      else if (before !== node.health) this.note('registry', id, `${id}: ${before} → ${node.health}${node.output ? ` (${node.output.slice(0, 80)})` : ''}`);
      this.health.set(id, node.health);
    }
    for (const id of [...this.health.keys()]) {
      if (seen.has(id)) continue;
      this.health.delete(id);
      this.note('registry', id, `${id} left the registry`);
    }
    for (const open of this.pending) {
      if (open.entry.registryMs !== null) continue;
      const node = seen.get(open.entry.nodeId);
      const converged = open.entry.action === 'restart' ? node?.health === 'passing' : !node || node.health === 'critical';
      if (converged) open.entry.registryMs = this.elapsedMs - open.entry.at;
    }
    this.settle();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      this.flushPresence();
      const bus = this.busLabel();
      if (bus !== this.busState) this.note('nats', null, `bus ${this.busState} → ${bus}`);
      this.busState = bus;
      await this.pollTraffic();
      await this.checkPresence();
    } finally {
      this.polling = false;
    }
  }

  private async pollTraffic(): Promise<void> {
    if (!this.deps.trafficStatus) return;
    try {
      const status = await this.deps.trafficStatus();
      if (this.tapReconnects !== null && status.reconnects > this.tapReconnects) {
        this.note('nats', null, `the Traffic tap reconnected to NATS (${status.reconnects - this.tapReconnects}×), now ${status.connection}`);
      }
      this.tapReconnects = status.reconnects;
    } catch {
      // the Traffic feature may not tap this kind of bus; the backend's own state is still recorded
    }
  }

  /** Presence has converged for a failure once the node has no entry and each of its users is online elsewhere. */
  private async checkPresence(): Promise<void> {
    const { presence } = this.deps.host.backends;
    for (const open of this.pending) {
      if (open.entry.action === 'restart' || open.entry.presenceMs !== null) continue;
      const left = await presence.usersOn(open.entry.nodeId);
      if (left.length > 0) continue;
      const elsewhere = await Promise.all(open.users.map(async (user) => (await presence.nodesOf(user)).some((node) => node !== open.entry.nodeId)));
      if (elsewhere.every(Boolean)) open.entry.presenceMs = this.elapsedMs - open.entry.at;
    }
    this.settle();
  }

  private settle(): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const { entry } = this.pending[i] as Pending;
      const done = entry.registryMs !== null && (entry.action === 'restart' || entry.presenceMs !== null);
      if (!done) continue;
      this.pending.splice(i, 1);
      const presence = entry.presenceMs === null ? '' : `, presence in ${entry.presenceMs} ms`;
      this.note('scenario', entry.nodeId, `${entry.action} of ${entry.nodeId} converged: registry in ${entry.registryMs} ms${presence}`);
    }
  }

  /** One timeline line per (kind, node, reason) of the last 250 ms of presence changes. */
  private flushPresence(): void {
    if (this.presenceBatch.length === 0) return;
    const groups = new Map<string, number>();
    for (const change of this.presenceBatch.splice(0)) {
      const key = `${change.kind}\u0000${change.nodeId}\u0000${change.reason ?? ''}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    for (const [key, count] of groups) {
      const [kind, nodeId, reason] = key.split('\u0000') as [string, string, string];
      const who = count === 1 ? '1 user' : `${count} users`;
      const why = reason === 'node-removed' ? ' (reaped: node declared dead)' : '';
      this.note('presence', nodeId, `${who} ${kind === 'online' ? 'online on' : 'offline from'} ${nodeId}${why}`);
    }
  }

  private async sample(): Promise<void> {
    const presence = await this.deps.host.backends.presence.countsByNode().catch(() => ({}));
    this.samples.push({ t: this.elapsedMs, ...this.deps.counts(), presence });
  }

  private busLabel(): string {
    const health = this.deps.host.backends.bus.health();
    return health.endpoint ? `${health.state} (${health.endpoint})` : health.state;
  }
}

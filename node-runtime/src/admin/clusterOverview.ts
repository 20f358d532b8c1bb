/**
 * The cluster as the console shows it: the registry's nodes (health, check output, tags, meta)
 * merged with each node's live stats, asked for over the bus in parallel with a short timeout
 * (a node that does not answer in time shows `stats: null`), plus the state of each port's backend.
 */
import type { BackendView, ClusterOverview, NodeStatsView, NodeView, PortName } from '../../contract/index.js';
import { Subjects } from '../cluster/bus/subjects.js';
import type { ChatBackends } from '../cluster/backends.js';
import type { MessageBus } from '../cluster/bus/messageBus.js';
import type { NodeStatus } from '../cluster/registry/nodeRegistry.js';
import type { Logger } from '../common/logger.js';

export interface OverviewSources {
  mode: 'embedded' | 'cluster';
  readOnly: boolean;
  consoleNodeId: string;
  backends: ChatBackends;
  isInProcess(nodeId: string): boolean;
  statsTimeoutMs: number;
  logger: Logger;
  now: () => number;
}

const PORTS: readonly PortName[] = ['bus', 'registry', 'presence', 'store'];
const decoder = new TextDecoder();

export async function gatherOverview(sources: OverviewSources): Promise<ClusterOverview> {
  const { backends } = sources;
  let statuses: NodeStatus[] = [];
  try {
    statuses = await backends.registry.list();
  } catch (error) {
    // The registry's own backend view says why; the overview still shows the other ports.
    sources.logger.warn('overview_registry_failed', { error: error instanceof Error ? error.message : String(error) });
  }
  const stats = await Promise.all(statuses.map((status) => requestNodeStats(backends.bus, status.id, sources.statsTimeoutMs)));
  return {
    mode: sources.mode,
    readOnly: sources.readOnly,
    consoleNodeId: sources.consoleNodeId,
    nodes: statuses.map((status, i) => toNodeView(status, stats[i] ?? null, sources.isInProcess(status.id))),
    backends: backendViews(backends),
    updatedAt: sources.now(),
  };
}

/** One node's stats over the bus; null when it does not answer in time or answers nonsense. */
export async function requestNodeStats(bus: MessageBus, nodeId: string, timeoutMs: number): Promise<NodeStatsView | null> {
  try {
    const reply = await bus.request(Subjects.nodeStats(nodeId), new Uint8Array(0), timeoutMs);
    const value: unknown = JSON.parse(decoder.decode(reply));
    return isNodeStats(value) ? value : null;
  } catch {
    return null; // no responder, timeout, or an id that cannot name a subject
  }
}

export function toNodeView(status: NodeStatus, stats: NodeStatsView | null, inProcess: boolean): NodeView {
  return {
    id: status.id,
    address: status.address,
    port: status.port,
    health: status.health,
    checkOutput: status.output,
    healthChangedAt: status.changedAt,
    tags: [...status.tags],
    meta: { ...status.meta },
    stats,
    inProcess,
  };
}

export function backendViews(backends: ChatBackends): BackendView[] {
  return PORTS.map((port) => {
    const backend = backends[port];
    const health = backend.health();
    return { port, kind: backend.kind, endpoint: health.endpoint, state: health.state, detail: health.detail };
  });
}

/**
 * What makes an overview worth pushing again: everything but the clock-driven fields (uptime,
 * sample times, memory), so an idle cluster is not re-sent every second.
 */
export function overviewChangeKey(overview: ClusterOverview): string {
  return JSON.stringify({
    ...overview,
    updatedAt: 0,
    nodes: overview.nodes.map((node) => ({
      ...node,
      stats: node.stats && { ...node.stats, uptimeMs: 0, sampledAt: 0, rssBytes: 0, heapUsedBytes: 0 },
    })),
  });
}

function isNodeStats(value: unknown): value is NodeStatsView {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  const numbers = ['connections', 'users', 'msgsInPerSec', 'msgsOutPerSec', 'uptimeMs', 'rssBytes', 'heapUsedBytes', 'sampledAt'];
  return numbers.every((key) => typeof fields[key] === 'number') && typeof fields['natsServer'] === 'string';
}

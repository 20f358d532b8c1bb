/** Contract-shaped sample data for renderer tests. */
import type {
  BackendView,
  ClusterOverview,
  ConsoleInfo,
  NodeView,
  PresenceChangeView,
  PresencePage,
  PresenceRow,
} from '../../node-runtime/contract/index.js';

export const T0 = 1_700_000_000_000;

export function info(overrides: Partial<ConsoleInfo> = {}): ConsoleInfo {
  return { version: '0.1.0', mode: 'embedded', readOnly: false, sandbox: true, ...overrides };
}

export function node(id: string, overrides: Partial<NodeView> = {}): NodeView {
  return {
    id,
    address: '127.0.0.1',
    port: 9001,
    health: 'passing',
    checkOutput: 'TTL check passed',
    healthChangedAt: T0,
    tags: ['chat', 'v0.1.0'],
    meta: { version: '0.1.0', adminPort: '9101' },
    stats: {
      connections: 3,
      users: 2,
      msgsInPerSec: 10,
      msgsOutPerSec: 12,
      uptimeMs: 60_000,
      rssBytes: 80 * 1024 * 1024,
      heapUsedBytes: 20 * 1024 * 1024,
      natsServer: 'memory',
      sampledAt: T0,
    },
    inProcess: true,
    ...overrides,
  };
}

export function backends(state: BackendView['state'] = 'ok'): BackendView[] {
  return (['bus', 'registry', 'presence', 'store'] as const).map((port) => ({ port, kind: 'memory', endpoint: 'in-process', state, detail: '' }));
}

export function overview(nodes: NodeView[], overrides: Partial<ClusterOverview> = {}): ClusterOverview {
  return { mode: 'embedded', readOnly: false, consoleNodeId: nodes[0]?.id ?? 'node-1', nodes, backends: backends(), updatedAt: T0, ...overrides };
}

/** An overview whose nodes were sampled at `at` with the given in-rate. */
export function sampledOverview(ids: string[], at: number, msgsIn: number): ClusterOverview {
  return overview(ids.map((id) => node(id, { stats: { ...node(id).stats!, sampledAt: at, msgsInPerSec: msgsIn } })));
}

export function row(userId: number, nodeId: string, username: string | null = `user${userId}`): PresenceRow {
  return { userId, username, nodeId, since: T0 };
}

export function page(rows: PresenceRow[], nextCursor: string | null = null, countsByNode?: Record<string, number>): PresencePage {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.nodeId] = (counts[r.nodeId] ?? 0) + 1;
  return { rows, nextCursor, countsByNode: countsByNode ?? counts };
}

export function change(kind: PresenceChangeView['kind'], userId: number, nodeId: string, username: string | null = `user${userId}`): PresenceChangeView {
  return { kind, userId, username, nodeId, at: T0 + 1000, reason: kind === 'offline' ? 'disconnect' : null };
}

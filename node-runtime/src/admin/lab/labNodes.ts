/**
 * Where lab clients connect. Nodes come from the registry (the console's view of the cluster);
 * a client gets its chosen node first and the other healthy nodes after it, so it fails over
 * like a real client when its node dies. `least-loaded` uses the client library's load-aware
 * selection (client/nodeSelector.ts: a weighted pick over the loads the nodes publish in the
 * registry, counting this lab's own recent picks), so a batch spreads toward the emptier nodes.
 */
import type { LabNodeChoice } from '../../../contract/index.js';
import { NodeSelector, serverLabel } from '../../client/index.js';
import type { NodeStatus } from '../../cluster/registry/nodeRegistry.js';
import { AdminError } from '../adminErrors.js';
import type { ConsoleHost } from '../consoleHost.js';

export interface Placement {
  nodeId: string;
  /** `host:port`, chosen node first. */
  servers: string[];
}

const CACHE_MS = 1000;

export class LabNodes {
  private cache: { at: number; nodes: NodeStatus[] } | null = null;
  private readonly selector: NodeSelector;

  constructor(
    private readonly host: ConsoleHost,
    private readonly now: () => number,
  ) {
    this.selector = new NodeSelector({ now });
  }

  /** One placement per user, following the choice. */
  async place(choice: LabNodeChoice, count: number): Promise<Placement[]> {
    const healthy = (await this.list(true)).filter((node) => node.health === 'passing');
    if (healthy.length === 0) throw new AdminError('NOT_AVAILABLE', 'no healthy chat node in the registry to connect lab users to');
    const serversFrom = (first: NodeStatus) => [addressOf(first), ...healthy.filter((node) => node !== first).map(addressOf)];
    if (choice.kind === 'node') {
      const node = healthy.find((candidate) => candidate.id === choice.nodeId);
      if (!node) throw new AdminError('NOT_FOUND', `no healthy node "${choice.nodeId}" (healthy: ${healthy.map((candidate) => candidate.id).join(', ')})`);
      return Array.from({ length: count }, () => ({ nodeId: node.id, servers: serversFrom(node) }));
    }
    if (choice.kind === 'spread') {
      return Array.from({ length: count }, (_, index) => {
        const node = healthy[index % healthy.length] as NodeStatus;
        return { nodeId: node.id, servers: serversFrom(node) };
      });
    }
    return Array.from({ length: count }, () => {
      const ranked = this.selector.rank(healthy);
      const first = ranked[0] as (typeof ranked)[number];
      return { nodeId: first.id, servers: ranked.map(serverLabel) };
    });
  }

  /** The node id behind a `host:port`, or null when the registry does not know it. */
  async nodeOf(server: string | null): Promise<string | null> {
    if (server === null) return null;
    const find = (nodes: NodeStatus[]) => nodes.find((node) => addressOf(node) === server)?.id ?? null;
    return find(await this.list(false)) ?? find(await this.list(true));
  }

  /** The last known node id of a `host:port` without I/O (for hot paths), or null. */
  cachedNodeOf(server: string | null): string | null {
    if (server === null) return null;
    return this.cache?.nodes.find((node) => addressOf(node) === server)?.id ?? null;
  }

  private async list(fresh: boolean): Promise<NodeStatus[]> {
    if (!fresh && this.cache && this.now() - this.cache.at < CACHE_MS) return this.cache.nodes;
    const nodes = await this.host.backends.registry.list();
    this.cache = { at: this.now(), nodes };
    return nodes;
  }
}

function addressOf(node: NodeStatus): string {
  return serverLabel(node);
}

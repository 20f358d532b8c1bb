/**
 * Where a client finds its servers when it is given a registry instead of a fixed list: asked
 * before the first connect and before every reconnect attempt, so a client whose node died
 * re-picks among the nodes alive and least loaded at that moment. The registry read itself is
 * passed in (`listNodes`): the client never loads a registry driver (see cli/registryDiscovery.ts).
 */
import { RequestTimeoutError } from './clientErrors.js';
import { rankNodes, serverLabel, type SelectableNode, type SelectionOptions } from './nodeSelection.js';
import type { NodeSelector } from './nodeSelector.js';
import { parseServerAddress, type ServerAddress } from './serverAddress.js';

export interface ServerDiscovery {
  /** Names the source in events and errors, e.g. `nats://127.0.0.1:4222 (registry)`. */
  readonly label: string;
  /** `host:port` of the servers to try, best first, leaving out node ids or labels in `avoid`. */
  discover(avoid: ReadonlySet<string>): Promise<string[]>;
}

export interface RegistryDiscoveryOptions {
  label: string;
  /** One read of the registry (e.g. NodeRegistry.list, or a read-only reader's list). */
  listNodes(): Promise<readonly SelectableNode[]>;
  /** Selection settings, or a NodeSelector shared by the clients of one process. */
  selection?: SelectionOptions | NodeSelector;
}

export function registryDiscovery(options: RegistryDiscoveryOptions): ServerDiscovery {
  const selection = options.selection;
  return {
    label: options.label,
    async discover(avoid) {
      const nodes = await options.listNodes();
      const ranked = isSelector(selection) ? selection.rank(nodes, avoid) : rankNodes(nodes, { ...selection, exclude: avoid });
      return ranked.map(serverLabel);
    },
  };
}

/** One discovery, bounded by `timeoutMs` (a registry that hangs must not hang connect()), parsed. */
export async function discoverWithin(discovery: ServerDiscovery, avoid: ReadonlySet<string>, timeoutMs: number): Promise<ServerAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeoutError(`${discovery.label} (registry read)`, timeoutMs)), timeoutMs);
  });
  try {
    const labels = await Promise.race([discovery.discover(new Set(avoid)), timeout]);
    return labels.map((label) => parseServerAddress(label, discovery.label));
  } finally {
    clearTimeout(timer);
  }
}

function isSelector(selection: SelectionOptions | NodeSelector | undefined): selection is NodeSelector {
  return typeof (selection as NodeSelector | undefined)?.rank === 'function';
}

/**
 * Which node a client connects to, from the registry's list of nodes and their published load.
 * Pure: no I/O, randomness and clock injectable. Used by the client (`--registry`) and by the
 * console's test lab.
 *
 * Why not "the least-loaded node": every client reading the same snapshot would pick the same node,
 * and a burst of clients arriving before the next refresh would all land there (herding). Why not
 * power-of-two-choices alone: with 3 nodes it still sends 2/3 of a burst to one node until the next
 * refresh (a simulation of 300 clients at 300/s with loads 250 ms old: only 67 % of runs within
 * ±15 % of even, worse than uniform random). Instead each client draws at random with weights that
 * *water-fill* the clients expected to arrive before the loads are refreshed: the nodes publish
 * their connect rate, so `expected = 1 + Σ connectsPerSec × horizonSec`; pouring that many
 * connections into the emptiest nodes (relative to capacity) gives each node the share that would
 * level them, and the weights are those shares. One client alone in a quiet cluster fills the
 * emptiest node; a burst spreads over all of them, tilted toward the emptier ones, and the
 * feedback of each refresh corrects the rest (same simulation: 100 % of runs within ±15 %, mean
 * deviation 5 %; at rates too fast for any refresh to matter it degrades to uniform random, never
 * worse).
 */

/** What a node published (see cluster/registry/nodeLoad.ts; repeated here so the client needs no registry code). */
export interface PublishedLoad {
  connections: number;
  maxConnections: number;
  connectsPerSec: number;
  msgsPerSec: number;
  /** ms since epoch. */
  at: number;
}

/** A registry entry as the selection needs it (a NodeStatus fits). */
export interface SelectableNode {
  id: string;
  address: string;
  port: number;
  health: string;
  load?: PublishedLoad;
}

export interface SelectionOptions {
  /** Default Math.random. */
  random?: () => number;
  /** Default Date.now. */
  now?: () => number;
  /** Node ids or `host:port` labels to leave out (e.g. the node this client just lost). */
  exclude?: ReadonlySet<string>;
  /** A load measured longer ago than this counts as not published. Default 30 000 ms. */
  staleAfterMs?: number;
  /** How long other clients keep choosing on the same loads (about the publish delay, doubled). Default 0.5 s. */
  horizonSec?: number;
  /** Connections one message per second weighs as. Default 0.02 (50 msgs/s ≈ one connection). */
  messageWeight?: number;
  /** Picks the caller made that the published loads may not count yet, per node id (see NodeSelector). */
  pending?: ReadonlyMap<string, number>;
}

export interface WeightedNode {
  node: SelectableNode;
  /** Expected share of the next `expected` clients; the draw is proportional to it. */
  weight: number;
  /** Effective load ÷ capacity, as used for the ordering of failovers. */
  level: number;
}

/** `host:port`, with brackets around an IPv6 host. */
export function serverLabel(node: Pick<SelectableNode, 'address' | 'port'>): string {
  return node.address.includes(':') ? `[${node.address}]:${node.port}` : `${node.address}:${node.port}`;
}

/** Weights of the passing, not excluded nodes that still accept connections (all of them if every one is full). */
export function selectionWeights(nodes: readonly SelectableNode[], options: SelectionOptions = {}): WeightedNode[] {
  const now = (options.now ?? Date.now)();
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const messageWeight = options.messageWeight ?? 0.02;
  const exclude = options.exclude ?? new Set<string>();
  const healthy = nodes.filter((node) => node.health === 'passing' && !exclude.has(node.id) && !exclude.has(serverLabel(node)));
  // Each node's load once: undefined when it published none, an unusable one or a stale one.
  const loaded = healthy.map((node) => ({ node, load: node.load && usable(node.load) && now - node.load.at <= staleAfterMs ? node.load : undefined }));
  const open = loaded.filter(({ load }) => !load || load.connections < load.maxConnections);
  const candidates = open.length > 0 ? open : loaded;
  if (candidates.length === 0) return [];

  const known = candidates.flatMap(({ load }) => (load ? [load] : []));
  const capacities = known.map((load) => load.maxConnections).filter((cap) => cap > 0);
  const defaultCap = capacities.length > 0 ? median(capacities) : 1;
  const entries = candidates.map(({ node, load }) => {
    const cap = load && load.maxConnections > 0 ? load.maxConnections : defaultCap;
    const effective = load ? load.connections + load.msgsPerSec * messageWeight : Number.NaN;
    return { node, cap, effective, pending: options.pending?.get(node.id) ?? 0 };
  });
  // A node that published nothing (yet) counts as averagely loaded: neither flooded nor shunned.
  const knownLevels = entries.filter((e) => !Number.isNaN(e.effective)).map((e) => e.effective / e.cap);
  const averageLevel = knownLevels.length > 0 ? knownLevels.reduce((sum, level) => sum + level, 0) / knownLevels.length : 0;
  for (const entry of entries) {
    if (Number.isNaN(entry.effective)) entry.effective = averageLevel * entry.cap;
    entry.effective += entry.pending;
  }
  const expected = 1 + known.reduce((sum, load) => sum + load.connectsPerSec, 0) * (options.horizonSec ?? 0.5);
  const waterLevel = fillLevel(entries, expected);
  return entries.map((entry) => ({
    node: entry.node,
    weight: Math.max(0, waterLevel * entry.cap - entry.effective),
    level: entry.effective / entry.cap,
  }));
}

/** The servers to try, best first: one weighted draw, then the others from least to most loaded. */
export function rankNodes(nodes: readonly SelectableNode[], options: SelectionOptions = {}): SelectableNode[] {
  const weighted = selectionWeights(nodes, options);
  if (weighted.length === 0) return [];
  const chosen = draw(weighted, options.random ?? Math.random);
  const rest = weighted.filter((entry) => entry !== chosen).sort((a, b) => a.level - b.level || a.node.id.localeCompare(b.node.id));
  return [chosen.node, ...rest.map((entry) => entry.node)];
}

/** The node to connect to, or undefined when no node is passing. */
export function pickNode(nodes: readonly SelectableNode[], options: SelectionOptions = {}): SelectableNode | undefined {
  return rankNodes(nodes, options)[0];
}

/** The level T with Σ max(0, T·cap − effective) = expected: pour `expected` connections into the emptiest nodes. */
function fillLevel(entries: ReadonlyArray<{ cap: number; effective: number }>, expected: number): number {
  const sorted = [...entries].sort((a, b) => a.effective / a.cap - b.effective / b.cap);
  let effectiveSum = 0;
  let capSum = 0;
  for (let k = 0; k < sorted.length; k++) {
    const entry = sorted[k] as { cap: number; effective: number };
    effectiveSum += entry.effective;
    capSum += entry.cap;
    const level = (expected + effectiveSum) / capSum;
    const next = sorted[k + 1];
    if (!next || level <= next.effective / next.cap) return level;
  }
  return 0; // unreachable: the loop returns at its last entry
}

function draw(weighted: readonly WeightedNode[], random: () => number): WeightedNode {
  const total = weighted.reduce((sum, entry) => sum + entry.weight, 0);
  if (!(total > 0)) return weighted[Math.min(weighted.length - 1, Math.floor(random() * weighted.length))] as WeightedNode;
  let point = random() * total;
  for (const entry of weighted) {
    point -= entry.weight;
    if (point < 0) return entry;
  }
  return weighted[weighted.length - 1] as WeightedNode;
}

function usable(load: PublishedLoad): boolean {
  return [load.connections, load.maxConnections, load.connectsPerSec, load.msgsPerSec, load.at].every((value) => typeof value === 'number' && Number.isFinite(value) && value >= 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

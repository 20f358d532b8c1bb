/**
 * nodeSelection for one process that connects many clients at once (the console's test lab, a
 * bench): it remembers its own recent picks and counts each as pending on its node until that
 * node's published load was measured after it, so a burst from one process spreads evenly even
 * before any load is refreshed. Independent clients cannot know each other's picks and use
 * pickNode/rankNodes directly.
 */
import { rankNodes, type SelectableNode, type SelectionOptions } from './nodeSelection.js';

export interface NodeSelectorOptions extends Omit<SelectionOptions, 'pending'> {
  /** Forget a pick after this long even if no newer load came (the node may have stopped publishing). Default 2000 ms. */
  pendingMs?: number;
}

export class NodeSelector {
  private readonly picks = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: NodeSelectorOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Ranks like rankNodes and records the first as picked. */
  rank(nodes: readonly SelectableNode[], exclude?: ReadonlySet<string>): SelectableNode[] {
    const now = this.now();
    const pending = new Map<string, number>();
    for (const node of nodes) pending.set(node.id, this.pendingOn(node, now));
    const ranked = rankNodes(nodes, { ...this.options, ...(exclude ? { exclude } : {}), pending, now: () => now });
    const first = ranked[0];
    if (first) this.picks.set(first.id, [...(this.picks.get(first.id) ?? []), now]);
    return ranked;
  }

  pick(nodes: readonly SelectableNode[], exclude?: ReadonlySet<string>): SelectableNode | undefined {
    return this.rank(nodes, exclude)[0];
  }

  /** Picks not yet visible in the node's load; older ones are dropped for good. */
  private pendingOn(node: SelectableNode, now: number): number {
    const horizon = now - (this.options.pendingMs ?? 2000);
    const measuredAt = node.load?.at ?? Number.NEGATIVE_INFINITY;
    const kept = (this.picks.get(node.id) ?? []).filter((at) => at > horizon && at >= measuredAt);
    if (kept.length > 0) this.picks.set(node.id, kept);
    else this.picks.delete(node.id);
    return kept.length;
  }
}

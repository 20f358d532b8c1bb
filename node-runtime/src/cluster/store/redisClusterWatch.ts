/**
 * What a Cluster client's events say about its shards. ioredis keeps a Cluster 'ready' while one
 * master is gone (the other shards still serve), so this tracks the lost masters itself: a master
 * whose connection ended while it still owned slots is "lost" until a later slot-map refresh shows
 * its slots owned by a reachable master again (its replica was promoted, or it came back).
 * Each loss and each recovery is a topology change: what the lost master held that had not reached
 * its replica is gone, so pollers of the connection's epoch rebuild what they own.
 */
import type { Cluster, Redis } from 'ioredis';

const POLL_MS = 250;

export class ClusterWatch {
  private readonly lost = new Set<string>();
  private lastChangeAt = 0;
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly cluster: Cluster,
    /** Called on every loss and every recovery. */
    private readonly onTopologyChange: (detail: string) => void,
  ) {
    // ioredis passes the node's connection only (no key) with '-node'.
    cluster.on('-node', (node: Redis) => this.nodeLeft(`${node.options.host}:${node.options.port}`));
    cluster.on('refresh', () => this.recheck());
    cluster.on('end', () => this.stopPolling());
  }

  /** '' when every shard has a master; otherwise what is missing. */
  get problem(): string {
    if (this.lost.size === 0) return '';
    return `master ${[...this.lost].join(', ')} lost: waiting for a replica to take over its slots`;
  }

  /**
   * True when no shard is missing a master and none was for `quietMs`: until then a key that lives
   * on the shard that failed over may have lapsed only because its owner could not reach it.
   */
  settled(quietMs: number): boolean {
    return this.lost.size === 0 && Date.now() - this.lastChangeAt >= quietMs;
  }

  /** Live replicas of the shard that owns `slot`, from the last slot map (CLUSTER SLOTS lists only non-failed nodes). */
  replicasOfSlot(slot: number): number {
    const nodes = this.cluster.slots[slot];
    return nodes ? Math.max(0, nodes.length - 1) : 0;
  }

  /** Reads the slot map again now (after a write found fewer replicas than the map said). */
  refresh(): Promise<void> {
    return new Promise((resolve) => this.cluster.refreshSlotsCache(() => resolve()));
  }

  private nodeLeft(key: string): void {
    if (this.lost.has(key) || !this.ownsSlots(key)) return;
    this.lost.add(key);
    this.lastChangeAt = Date.now();
    this.onTopologyChange(`master ${key} lost`);
    // Find the promoted replica as soon as the cluster names it, not at the next periodic refresh.
    this.poll ??= setInterval(() => this.cluster.refreshSlotsCache(), POLL_MS);
    this.poll.unref();
  }

  private stopPolling(): void {
    clearInterval(this.poll);
    this.poll = undefined;
  }

  private recheck(): void {
    for (const key of [...this.lost]) {
      const back = this.cluster.nodes('master').some((node) => `${node.options.host}:${node.options.port}` === key && node.status === 'ready');
      if (this.ownsSlots(key) && !back) continue;
      this.lost.delete(key);
      this.lastChangeAt = Date.now();
      this.onTopologyChange(`slots of ${key} served again`);
    }
    if (this.lost.size === 0) this.stopPolling();
  }

  private ownsSlots(key: string): boolean {
    return this.cluster.slots.some((nodes) => nodes?.[0] === key);
  }
}

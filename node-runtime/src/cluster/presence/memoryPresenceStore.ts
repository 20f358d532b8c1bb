/** The embedded PresenceStore: a map in this process, shared by the in-process nodes that use it. */
import { MEMORY_HEALTH, type BackendHealth } from '../backendHealth.js';
import type { PresenceChange, PresenceEntry, PresencePage, PresenceStore } from './presenceStore.js';

export class MemoryPresenceStore implements PresenceStore {
  readonly kind = 'memory';

  health(): BackendHealth {
    return MEMORY_HEALTH;
  }
  /** userId → nodeId → since */
  private readonly byUser = new Map<number, Map<string, number>>();
  private readonly byNode = new Map<string, Set<number>>();
  private readonly listeners = new Set<(change: PresenceChange) => void>();
  /** nodeId → when its liveness lapses (ms). Only nodes that ever called keepNodeAlive can be reaped. */
  private readonly aliveUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async setOnline(userId: number, nodeId: string): Promise<void> {
    let nodes = this.byUser.get(userId);
    if (!nodes) this.byUser.set(userId, (nodes = new Map()));
    if (nodes.has(nodeId)) return;
    const at = this.now();
    nodes.set(nodeId, at);
    let users = this.byNode.get(nodeId);
    if (!users) this.byNode.set(nodeId, (users = new Set()));
    users.add(userId);
    this.emit({ kind: 'online', userId, nodeId, at });
  }

  async setOffline(userId: number, nodeId: string): Promise<void> {
    if (this.drop(userId, nodeId)) this.emit({ kind: 'offline', userId, nodeId, at: this.now(), reason: 'disconnect' });
  }

  async nodesOf(userId: number): Promise<string[]> {
    return [...(this.byUser.get(userId)?.keys() ?? [])];
  }

  async usersOn(nodeId: string): Promise<number[]> {
    return [...(this.byNode.get(nodeId) ?? [])];
  }

  async removeNode(nodeId: string): Promise<number> {
    const users = [...(this.byNode.get(nodeId) ?? [])];
    const at = this.now();
    for (const userId of users) {
      if (this.drop(userId, nodeId)) this.emit({ kind: 'offline', userId, nodeId, at, reason: 'node-removed' });
    }
    return users.length;
  }

  async countsByNode(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [nodeId, users] of this.byNode) counts[nodeId] = users.size;
    return counts;
  }

  connectionEpoch(): number {
    return 0;
  }

  async keepNodeAlive(nodeId: string, ttlMs: number): Promise<void> {
    this.aliveUntil.set(nodeId, this.now() + ttlMs);
  }

  async reapDeadNodes(): Promise<string[]> {
    const now = this.now();
    const dead = [...this.aliveUntil].filter(([, until]) => until <= now).map(([nodeId]) => nodeId);
    for (const nodeId of dead) {
      this.aliveUntil.delete(nodeId);
      await this.removeNode(nodeId);
    }
    return dead;
  }

  async replaceNode(nodeId: string, userIds: readonly number[]): Promise<void> {
    const wanted = new Set(userIds);
    for (const userId of [...(this.byNode.get(nodeId) ?? [])]) {
      if (!wanted.has(userId)) await this.setOffline(userId, nodeId);
    }
    for (const userId of wanted) await this.setOnline(userId, nodeId);
  }

  async snapshot(cursor: string | null, limit: number): Promise<PresencePage> {
    const all: PresenceEntry[] = [];
    for (const [userId, nodes] of this.byUser) {
      for (const [nodeId, since] of nodes) all.push({ userId, nodeId, since });
    }
    all.sort((a, b) => a.userId - b.userId || a.nodeId.localeCompare(b.nodeId));
    const start = cursor === null ? 0 : Math.max(0, Number.parseInt(cursor, 10) || 0);
    const entries = all.slice(start, start + limit);
    return { entries, nextCursor: start + limit < all.length ? String(start + limit) : null };
  }

  subscribe(listener: (change: PresenceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private drop(userId: number, nodeId: string): boolean {
    const nodes = this.byUser.get(userId);
    if (!nodes?.delete(nodeId)) return false;
    if (nodes.size === 0) this.byUser.delete(userId);
    const users = this.byNode.get(nodeId);
    users?.delete(userId);
    if (users?.size === 0) this.byNode.delete(nodeId);
    return true;
  }

  private emit(change: PresenceChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

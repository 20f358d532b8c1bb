/**
 * The embedded NodeRegistry, with the same TTL semantics as the Consul one so failover can be
 * shown without any infrastructure: a missed TTL turns a node critical, and a node critical
 * for longer than its deregister-after is removed.
 */
import { MEMORY_HEALTH, type BackendHealth } from '../backendHealth.js';
import { checkNodeLoad, type NodeLoad } from './nodeLoad.js';
import { cloneNodeStatus, type NodeInfo, type NodeRegistry, type NodeStatus, type RegistrationOptions } from './nodeRegistry.js';

interface Entry {
  status: NodeStatus;
  options: RegistrationOptions;
  ttlTimer?: NodeJS.Timeout;
  reapTimer?: NodeJS.Timeout;
}

export class MemoryNodeRegistry implements NodeRegistry {
  readonly kind = 'memory';

  health(): BackendHealth {
    return MEMORY_HEALTH;
  }
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(nodes: NodeStatus[]) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  async register(node: NodeInfo, options: RegistrationOptions): Promise<void> {
    this.clearTimers(node.id);
    // Like a fresh Consul check, a new registration starts critical until its first pass.
    const entry: Entry = {
      status: { ...node, tags: [...node.tags], meta: { ...node.meta }, health: 'critical', output: '', changedAt: this.now() },
      options,
    };
    this.entries.set(node.id, entry);
    this.armTtl(entry);
    this.notify();
  }

  async pass(nodeId: string, output = ''): Promise<void> {
    const entry = this.entries.get(nodeId);
    if (!entry) return;
    const changed = entry.status.health !== 'passing';
    entry.status.output = output;
    if (changed) this.setHealth(entry, 'passing');
    this.armTtl(entry);
    if (changed) this.notify();
  }

  async publishLoad(nodeId: string, load: NodeLoad): Promise<void> {
    const checked = checkNodeLoad(load);
    const entry = this.entries.get(nodeId);
    if (!entry) return;
    entry.status.load = checked; // no notify: watchers follow membership and health (see watchKey)
  }

  async deregister(nodeId: string): Promise<void> {
    this.clearTimers(nodeId);
    if (this.entries.delete(nodeId)) this.notify();
  }

  async list(): Promise<NodeStatus[]> {
    return [...this.entries.values()].map((entry) => cloneNodeStatus(entry.status)).sort((a, b) => a.id.localeCompare(b.id));
  }

  watch(listener: (nodes: NodeStatus[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const id of this.entries.keys()) this.clearTimers(id);
    this.listeners.clear();
  }

  private armTtl(entry: Entry): void {
    if (entry.ttlTimer) clearTimeout(entry.ttlTimer);
    if (entry.reapTimer) clearTimeout(entry.reapTimer);
    entry.reapTimer = undefined;
    entry.ttlTimer = setTimeout(() => {
      entry.status.output = 'TTL expired';
      if (entry.status.health !== 'critical') this.setHealth(entry, 'critical');
      entry.reapTimer = setTimeout(() => void this.deregister(entry.status.id), entry.options.deregisterCriticalAfterMs);
      entry.reapTimer.unref();
      this.notify();
    }, entry.options.ttlMs);
    entry.ttlTimer.unref();
  }

  private setHealth(entry: Entry, health: NodeStatus['health']): void {
    entry.status.health = health;
    entry.status.changedAt = this.now();
  }

  private clearTimers(nodeId: string): void {
    const entry = this.entries.get(nodeId);
    if (entry?.ttlTimer) clearTimeout(entry.ttlTimer);
    if (entry?.reapTimer) clearTimeout(entry.reapTimer);
  }

  private notify(): void {
    if (this.listeners.size === 0) return;
    const nodes = [...this.entries.values()].map((entry) => cloneNodeStatus(entry.status)).sort((a, b) => a.id.localeCompare(b.id));
    for (const listener of this.listeners) listener(nodes);
  }
}

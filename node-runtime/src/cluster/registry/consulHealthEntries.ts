/**
 * Consul health entries → NodeStatus: health is the worst of the instance's checks (node-level
 * serfHealth, the TTL check, the TCP check, maintenance), output is the TTL check's (Consul's
 * `TTL expired (last output before timeout follows): …` reads as `TTL expired`), and changedAt is
 * tracked here, since Consul does not say when a check last changed status.
 */
import type { ServiceEntry } from './consulClient.js';
import { ttlCheckId } from './consulServiceDefinition.js';
import { loadFromMeta } from './nodeLoad.js';
import { cloneNodeStatus, type NodeHealth, type NodeStatus } from './nodeRegistry.js';

const RANK: Record<NodeHealth, number> = { passing: 0, warning: 1, critical: 2 };

/** Worst status of a set of checks; an unknown status counts as critical, no checks as passing (Consul's view). */
export function worstHealth(statuses: string[]): NodeHealth {
  let worst: NodeHealth = 'passing';
  for (const status of statuses) {
    const health: NodeHealth = status === 'passing' || status === 'warning' ? status : 'critical';
    if (RANK[health] > RANK[worst]) worst = health;
  }
  return worst;
}

export function ttlOutput(output: string): string {
  return output.startsWith('TTL expired') ? 'TTL expired' : output;
}

/** Remembers when each node's health last changed, as observed. */
export class HealthTracker {
  private readonly seen = new Map<string, { health: NodeHealth; changedAt: number }>();

  constructor(private readonly now: () => number) {}

  observe(id: string, health: NodeHealth): number {
    const previous = this.seen.get(id);
    if (previous && previous.health === health) return previous.changedAt;
    const changedAt = this.now();
    this.seen.set(id, { health, changedAt });
    return changedAt;
  }

  /** Forgets nodes no longer listed (a node that comes back starts afresh). */
  retain(ids: Set<string>): void {
    for (const id of this.seen.keys()) if (!ids.has(id)) this.seen.delete(id);
  }
}

export function toNodeStatuses(entries: ServiceEntry[], serviceName: string, tracker: HealthTracker): NodeStatus[] {
  const statuses: NodeStatus[] = [];
  for (const entry of entries) {
    const service = entry.Service;
    if (!service || service.Service !== serviceName) continue;
    const checks = Array.isArray(entry.Checks) ? entry.Checks : [];
    const health = worstHealth(checks.map((check) => check.Status));
    const ttl = checks.find((check) => check.CheckID === ttlCheckId(service.ID)) ?? checks.find((check) => check.Type === 'ttl');
    const { meta, load } = loadFromMeta(service.Meta ?? {});
    statuses.push({
      id: service.ID,
      address: service.Address || entry.Node?.Address || '',
      port: service.Port,
      tags: [...(service.Tags ?? [])],
      meta,
      health,
      output: ttlOutput(ttl?.Output ?? ''),
      changedAt: tracker.observe(service.ID, health),
      ...(load ? { load } : {}),
    });
  }
  tracker.retain(new Set(statuses.map((status) => status.id)));
  return statuses.sort((a, b) => a.id.localeCompare(b.id));
}

export function cloneStatuses(statuses: NodeStatus[]): NodeStatus[] {
  return statuses.map(cloneNodeStatus);
}

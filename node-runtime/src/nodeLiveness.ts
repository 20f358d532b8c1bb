/**
 * Keeps this node's presence honest in a cluster: it tells the presence store it is alive every
 * third of its TTL, reaps nodes whose liveness lapsed (crashed without cleaning up), and rebuilds
 * its own entries from its live connections when the presence backend comes back after losing
 * them (e.g. a Redis restart without persistence).
 */
import type { Logger } from './common/logger.js';
import type { PresenceStore } from './cluster/presence/presenceStore.js';

export interface NodeLivenessDeps {
  nodeId: string;
  ttlMs: number;
  presence: PresenceStore;
  localUsers: () => number[];
  logger: Logger;
}

export class NodeLiveness {
  private timer: NodeJS.Timeout | undefined;
  private wasHealthy = true;
  private epoch = 0;
  private ticking = false;

  constructor(private readonly deps: NodeLivenessDeps) {}

  async start(): Promise<void> {
    this.epoch = this.deps.presence.connectionEpoch();
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(250, Math.floor(this.deps.ttlMs / 3)));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    const { presence, nodeId, logger } = this.deps;
    try {
      const healthy = presence.health().state === 'ok';
      const epoch = presence.connectionEpoch();
      // After any reconnect (even one too short to see as 'down'): survivors may have reaped us meanwhile.
      if (healthy && (!this.wasHealthy || epoch !== this.epoch)) {
        this.epoch = epoch;
        const users = this.deps.localUsers();
        await presence.replaceNode(nodeId, users);
        logger.info('presence_rebuilt', { users: users.length });
      }
      this.wasHealthy = healthy;
      if (!healthy) return;
      await presence.keepNodeAlive(nodeId, this.deps.ttlMs);
      const reaped = await presence.reapDeadNodes();
      for (const dead of reaped) logger.warn('node_reaped', { dead_node: dead, reason: `no liveness for ${this.deps.ttlMs} ms (--node-ttl)` });
    } catch (error) {
      this.wasHealthy = false;
      logger.warn('liveness_failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.ticking = false;
    }
  }
}

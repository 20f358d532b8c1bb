/**
 * Chat nodes this console launched as local processes (cluster mode only: a separate process
 * cannot join the sandbox's in-memory backends). They join the console's own cluster (same NATS,
 * Redis, registry, --node-ttl and admin secret) as `local-1`, `local-2`… on free ports, and are
 * stopped with the console.
 */
import { join } from 'node:path';
import os from 'node:os';
import type { NodeAction } from '../../../contract/index.js';
import { AdminError } from '../adminErrors.js';
import type { ConsoleHost } from '../consoleHost.js';
import { freeLoopbackPort } from '../../launch/loopbackPorts.js';
import { LocalNodeProcess } from '../../launch/localNodeProcess.js';

const MAX_LOCAL_NODES = 8;

export class LocalNodes {
  private readonly nodes = new Map<string, LocalNodeProcess>();
  private next = 1;

  constructor(
    private readonly host: ConsoleHost,
    /** Where their logs go. */
    private readonly logDir: string = join(os.tmpdir(), 'chat-zinx-console-nodes'),
  ) {}

  get canLaunch(): boolean {
    return this.host.mode === 'cluster';
  }

  has(nodeId: string): boolean {
    return this.nodes.has(nodeId);
  }

  list(): { id: string; running: boolean }[] {
    return [...this.nodes.values()].map((node) => ({ id: node.id, running: node.running }));
  }

  async launch(): Promise<string> {
    if (!this.canLaunch) throw new AdminError('NOT_AVAILABLE', 'local node processes join a cluster: the sandbox’s nodes share in-memory backends another process cannot reach (start the console with --nats and --redis)');
    if (this.nodes.size >= MAX_LOCAL_NODES) throw new AdminError('NOT_AVAILABLE', `this console already launched ${this.nodes.size} nodes (at most ${MAX_LOCAL_NODES})`);
    const config = this.host.nodeConfig;
    let id = `local-${this.next++}`;
    while ((await this.host.backends.registry.list()).some((node) => node.id === id)) id = `local-${this.next++}`;
    const args = ['--nats', config.natsServers.join(','), '--redis', config.redisUrl ?? '', '--registry', config.registry, '--node-ttl', `${config.nodeTtlMs}ms`, '--log-level', 'info'];
    if (config.consulUrl) args.push('--consul', config.consulUrl);
    const node = new LocalNodeProcess({ id, port: await freeLoopbackPort(), args, env: config.adminSecret ? { CHAT_ADMIN_SECRET: config.adminSecret } : {}, logFile: join(this.logDir, `${id}.log`) });
    this.nodes.set(id, node);
    try {
      await node.start();
    } catch (error) {
      await node.kill();
      this.nodes.delete(id);
      throw new AdminError('NOT_AVAILABLE', error instanceof Error ? error.message : String(error));
    }
    return id;
  }

  async control(nodeId: string, action: NodeAction): Promise<void> {
    const node = this.nodes.get(nodeId);
    if (!node) throw new AdminError('NOT_FOUND', `no node "${nodeId}" launched by this console`);
    if (action === 'restart') {
      await node.stop();
      await node.start();
      return;
    }
    if (!node.running) throw new AdminError('NOT_AVAILABLE', `${nodeId} is already down; restart it first`);
    await (action === 'kill' ? node.kill() : node.stop());
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.nodes.values()].map((node) => node.stop(3000)));
  }
}

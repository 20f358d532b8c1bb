/**
 * The NATS server and Redis a `--local-cluster` console started, as the Failover lab controls
 * them: kill (SIGKILL) and restart (same port, same data folder: JetStream and the AOF survive).
 * There is no drain: neither server has a graceful leave the lab could measure.
 */
import type { ControllableNode, NodeAction } from '../../../contract/index.js';
import { AdminError } from '../adminErrors.js';
import type { LocalServerProcess } from '../../launch/localServerProcess.js';

export class LocalServers {
  private readonly servers = new Map<string, LocalServerProcess>();

  adopt(servers: readonly LocalServerProcess[]): void {
    for (const server of servers) this.servers.set(server.id, server);
  }

  has(id: string): boolean {
    return this.servers.has(id);
  }

  list(): ControllableNode[] {
    return [...this.servers.values()].map((server) => ({
      id: server.id,
      kind: server.kind,
      route: 'local-process',
      running: server.running,
      actions: server.running ? ['kill', 'restart'] : ['restart'],
      note: `${server.kind === 'nats' ? 'NATS server' : 'Redis'} on 127.0.0.1:${server.port}, started by this console${server.running ? '' : ' (down)'}`,
    }));
  }

  async control(id: string, action: NodeAction): Promise<void> {
    const server = this.servers.get(id);
    if (!server) throw new AdminError('NOT_FOUND', `no server "${id}" started by this console`);
    if (action === 'drain') throw new AdminError('NOT_AVAILABLE', `${id} is a ${server.kind === 'nats' ? 'NATS server' : 'Redis'}: it can be killed or restarted, not drained`);
    if (action === 'restart') {
      await server.stop();
      await server.start();
      return;
    }
    if (!server.running) throw new AdminError('NOT_AVAILABLE', `${id} is already down; restart it first`);
    await server.kill();
  }
}

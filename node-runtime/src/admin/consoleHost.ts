/**
 * What a console runs in its own process: either the EMBEDDED SANDBOX — N chat nodes (default 3)
 * on consecutive ports sharing one set of in-memory backends, which the console can grow and
 * shrink — or ONE chat node joined to a real cluster (NATS, Redis, Consul or NATS KV), through
 * which the console sees the whole cluster.
 */
import type { ChatNode } from '../chatNode.js';
import { createChatNode } from '../chatNode.js';
import type { PasswordHasher } from '../chat/passwordHasher.js';
import { closeBackends, createMemoryBackends, type ChatBackends } from '../cluster/backends.js';
import { ConfigError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { isClusterMode, type NodeConfig } from '../config/nodeConfig.js';
import { AdminError } from './adminErrors.js';

export type ConsoleMode = 'embedded' | 'cluster';

export interface ConsoleHostOptions {
  /** Settings of every node the console runs. In the sandbox `port` is the first node's port (0 = free ports). */
  node: NodeConfig;
  /** Default: `cluster` when the node config names cluster backends, else `embedded`. */
  mode?: ConsoleMode;
  /** Sandbox size at start. Default 3. */
  sandboxNodes?: number;
  /** addSandboxNode refuses beyond this. Default 16. */
  maxSandboxNodes?: number;
  logger?: Logger;
  passwordHasher?: PasswordHasher;
}

export interface HostedNode {
  readonly id: string;
  readonly node: ChatNode;
  readonly host: string;
  readonly port: number;
  readonly adminPort: number | null;
}

/** How many consecutive ports addSandboxNode tries past a taken one. */
const PORT_ATTEMPTS = 20;

export class ConsoleHost {
  readonly mode: ConsoleMode;
  private readonly logger: Logger;
  private readonly hosted = new Map<string, HostedNode & { index: number }>();
  /** Nodes drained or killed by the failover lab, kept so they can be restarted on the same port. */
  private readonly down = new Map<string, { index: number; port: number; adminPort: number | null; how: 'drain' | 'kill' }>();
  private sandboxBackends: ChatBackends | undefined;
  private state: 'new' | 'running' | 'stopped' = 'new';
  /** add/remove/stop run one at a time, so two adds never pick the same port. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ConsoleHostOptions) {
    this.mode = options.mode ?? (isClusterMode(options.node) ? 'cluster' : 'embedded');
    this.logger = options.logger ?? silentLogger;
  }

  /** The backends the console reads: the sandbox's shared set, or the cluster node's connections. */
  get backends(): ChatBackends {
    if (this.sandboxBackends) return this.sandboxBackends;
    const first = this.hosted.values().next().value;
    if (!first) throw new AdminError('NOT_AVAILABLE', 'the console host has not started');
    return first.node.backends;
  }

  /** The node this console runs (in the sandbox: the first one still running). */
  get consoleNodeId(): string {
    return this.hosted.keys().next().value ?? '';
  }

  get running(): boolean {
    return this.state === 'running';
  }

  nodes(): HostedNode[] {
    return [...this.hosted.values()].map(({ index: _index, ...node }) => node);
  }

  isInProcess(nodeId: string): boolean {
    return this.hosted.has(nodeId);
  }

  /** The settings every node of this console runs with (the failover lab reads the admin secret). */
  get nodeConfig(): NodeConfig {
    return this.options.node;
  }

  /** In-process nodes drained or killed by the failover lab, and how. */
  downNodes(): { id: string; how: 'drain' | 'kill' }[] {
    return [...this.down].map(([id, entry]) => ({ id, how: entry.how }));
  }

  /**
   * Failover lab: `drain` stops a node gracefully, `kill` crashes it (nothing deregistered or
   * cleaned: the registry TTL and the survivors' reaper must notice), `restart` starts a stopped
   * node again on its port (or a running one: drain, then start). The cluster node the console
   * itself reads the cluster through is refused.
   */
  controlNode(nodeId: string, action: 'drain' | 'kill' | 'restart'): Promise<void> {
    return this.serialized(async () => {
      if (this.state !== 'running') throw new AdminError('NOT_AVAILABLE', 'the console host is not running');
      if (this.mode === 'cluster' && nodeId === this.options.node.id) {
        throw new AdminError('NOT_AVAILABLE', `${nodeId} is the console's own node (its window on the cluster): stop the console instead`);
      }
      const hosted = this.hosted.get(nodeId);
      const stopped = this.down.get(nodeId);
      if (!hosted && !stopped) throw new AdminError('NOT_FOUND', `no in-process node "${nodeId}" (running: ${[...this.hosted.keys()].join(', ')})`);
      if (action === 'restart') {
        const slot = stopped ?? { index: hosted!.index, port: hosted!.port, adminPort: hosted!.adminPort };
        if (hosted) {
          this.hosted.delete(nodeId);
          await hosted.node.stop();
        }
        await this.startNode(nodeId, slot.index, slot.port, slot.adminPort);
        this.down.delete(nodeId);
        this.logger.info('node_restarted', { node: nodeId });
        return;
      }
      if (!hosted) throw new AdminError('NOT_AVAILABLE', `${nodeId} is already down (${stopped!.how}); restart it first`);
      if (this.hosted.size === 1) throw new AdminError('NOT_AVAILABLE', `${nodeId} is the last running node; the console reads the cluster through it`);
      this.hosted.delete(nodeId);
      this.down.set(nodeId, { index: hosted.index, port: hosted.port, adminPort: hosted.adminPort, how: action });
      if (action === 'kill') await hosted.node.crash();
      else await hosted.node.stop();
      this.logger.warn(action === 'kill' ? 'node_crashed' : 'node_drained', { node: nodeId });
    });
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error('the console host was already started');
    this.state = 'running';
    try {
      if (this.mode === 'cluster') {
        await this.startNode(this.options.node.id, 0, this.options.node.port, this.options.node.adminPort);
        return;
      }
      this.sandboxBackends = createMemoryBackends();
      const count = this.options.sandboxNodes ?? 3;
      for (let index = 1; index <= count; index++) {
        const port = this.options.node.port === 0 ? 0 : this.options.node.port + index - 1;
        try {
          await this.startNode(`node-${index}`, index, port, this.sandboxAdminPort(index));
        } catch (error) {
          if (isPortTaken(error)) throw new ConfigError('--node-port', `port ${port} is already in use: pick another first port (the sandbox uses ${count} consecutive ports), or 0 for free ports`);
          throw error;
        }
      }
    } catch (error) {
      await this.stopAll();
      this.state = 'stopped';
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.serialized(async () => {
      if (this.state !== 'running') return;
      this.state = 'stopped';
      await this.stopAll();
    });
  }

  /** Starts one more sandbox node on the next free port after the highest one in use. */
  addSandboxNode(): Promise<HostedNode> {
    return this.serialized(async () => {
      this.assertSandbox('addSandboxNode');
      const max = this.options.maxSandboxNodes ?? 16;
      if (this.hosted.size >= max) throw new AdminError('NOT_AVAILABLE', `the sandbox already runs ${this.hosted.size} nodes (at most ${max})`);
      const all = [...this.hosted.values()];
      const index = Math.max(0, ...all.map((node) => node.index)) + 1;
      const id = `node-${index}`;
      if (this.options.node.port === 0) return this.startNode(id, index, 0, this.sandboxAdminPort(index));
      let port = Math.max(this.options.node.port - 1, ...all.map((node) => node.port)) + 1;
      for (let attempt = 1; ; attempt++, port++) {
        try {
          return await this.startNode(id, index, port, this.sandboxAdminPort(index));
        } catch (error) {
          if (!isPortTaken(error) || attempt >= PORT_ATTEMPTS || port >= 65535) throw error;
        }
      }
    });
  }

  /** Stops one sandbox node (it leaves the registry and presence like any stopping node). */
  removeSandboxNode(nodeId: string): Promise<void> {
    return this.serialized(async () => {
      this.assertSandbox('removeSandboxNode');
      const hosted = this.hosted.get(nodeId);
      if (!hosted) throw new AdminError('NOT_FOUND', `no sandbox node "${nodeId}" (running: ${[...this.hosted.keys()].join(', ')})`);
      if (this.hosted.size === 1) throw new AdminError('NOT_AVAILABLE', `${nodeId} is the last sandbox node; add another before removing it`);
      this.hosted.delete(nodeId);
      await hosted.node.stop();
      this.logger.info('sandbox_node_removed', { node: nodeId });
    });
  }

  private async startNode(id: string, index: number, port: number, adminPort: number | null): Promise<HostedNode> {
    const node = createChatNode({
      config: { ...this.options.node, id, port, adminPort },
      ...(this.sandboxBackends ? { backends: this.sandboxBackends } : {}),
      logger: this.logger,
      ...(this.options.passwordHasher ? { passwordHasher: this.options.passwordHasher } : {}),
      // Signed remote commands act on this node inside the console, never on the console's process.
      control: {
        drain: () => this.controlNode(id, 'drain'),
        kill: () => this.controlNode(id, 'kill'),
        restart: () => this.controlNode(id, 'restart'),
      },
    });
    const address = await node.start();
    const hosted = { id, index, node, host: address.host, port: address.port, adminPort: address.adminPort };
    this.hosted.set(id, hosted);
    return { id, node, host: address.host, port: address.port, adminPort: address.adminPort };
  }

  private sandboxAdminPort(index: number): number | null {
    const base = this.options.node.adminPort;
    return base === null || base === 0 ? base : base + index - 1;
  }

  private async stopAll(): Promise<void> {
    const nodes = [...this.hosted.values()];
    this.hosted.clear();
    this.down.clear();
    await Promise.allSettled(nodes.map((hosted) => hosted.node.stop()));
    if (this.sandboxBackends) await closeBackends(this.sandboxBackends);
  }

  private assertSandbox(method: string): void {
    if (this.state !== 'running') throw new AdminError('NOT_AVAILABLE', 'the console host is not running');
    if (this.mode !== 'embedded') {
      throw new AdminError('NOT_AVAILABLE', `${method} works in the embedded sandbox only; this console joined a real cluster (restart it without cluster flags for a sandbox)`);
    }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function isPortTaken(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code === 'EADDRINUSE';
}

/**
 * The composition root: the one place that picks backends and wires a node together. The CLI,
 * the Electron main process and the tests all build nodes through createChatNode.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { AdminHttpServer } from './admin/adminHttpServer.js';
import { NodeStatsResponder } from './admin/nodeStatsResponder.js';
import { PrometheusMetrics } from './admin/prometheusMetrics.js';
import { AccountService } from './chat/accounts.js';
import { DirectMessageService } from './chat/directMessages.js';
import { GroupMessageService } from './chat/groupMessages.js';
import { GroupService } from './chat/groups.js';
import { LoginThrottle } from './chat/loginThrottle.js';
import { PasswordHasher } from './chat/passwordHasher.js';
import type { BackendHealth } from './cluster/backendHealth.js';
import { backendHealth, closeBackends, connectBackends, type ChatBackends } from './cluster/backends.js';
import { LoadPublisher } from './cluster/registry/loadPublisher.js';
import { createLogger, type Logger } from './common/logger.js';
import { guardPresence, processControlActions, RemoteControlResponder, type GuardedPresence, type NodeControlActions } from './control/index.js';
import { DEFAULT_NODE_CONFIG, type NodeConfig } from './config/nodeConfig.js';
import { NodeLiveness } from './nodeLiveness.js';
import { Router } from './routing/router.js';
import { ChatServer } from './server/chatServer.js';
import type { NodeContext } from './server/nodeContext.js';
import { SessionRegistry } from './server/sessionRegistry.js';
import { VERSION } from './version.js';

export interface CreateChatNodeOptions {
  config?: Partial<NodeConfig>;
  /**
   * Shared backends (several in-process nodes on one set). Omitted: the node connects the
   * backends its config names (in-memory ones when it names none), owns them and closes them.
   */
  backends?: ChatBackends;
  logger?: Logger;
  passwordHasher?: PasswordHasher;
  /** What signed remote commands do (with --admin-secret). Default: signal this process (processControlActions). */
  control?: NodeControlActions;
}

export interface NodeStats {
  nodeId: string;
  connections: number;
  users: number;
  localGroups: number;
  framesIn: number;
  framesOut: number;
  refusedConnections: number;
  uptimeMs: number;
  routing: Router['stats'];
}

export interface ChatNode {
  readonly id: string;
  readonly config: NodeConfig;
  /** Available once start() has resolved. */
  readonly backends: ChatBackends;
  /** Connects backends, listens, registers. Resolves with the bound address (useful with port 0). */
  start(): Promise<{ host: string; port: number; adminPort: number | null }>;
  /** Stops accepting, deregisters, closes every connection, clears its presence, closes owned backends. */
  stop(): Promise<void>;
  /** A crash in-process: sockets dropped, nothing deregistered or cleaned (the registry TTL and survivors' reaper notice, as with kill -9). */
  crash(): Promise<void>;
  stats(): NodeStats;
  backendHealth(): Record<string, BackendHealth>;
}

/**
 * The registry TTL follows --node-ttl, so the registry and presence declare a crashed node dead
 * at about the same time; the node passes its check three times per TTL. A node critical for ten
 * TTLs (at least a minute, Consul's floor) is removed from the registry.
 */
const registryTiming = (nodeTtlMs: number) => ({
  ttlMs: nodeTtlMs,
  passEveryMs: Math.max(250, Math.floor(nodeTtlMs / 3)),
  deregisterCriticalAfterMs: Math.max(60_000, nodeTtlMs * 10),
});

interface Running {
  backends: ChatBackends;
  server: ChatServer;
  router: Router;
  sessions: SessionRegistry;
  liveness: NodeLiveness;
  admin: AdminHttpServer | null;
  /** Answers the console's `admin.node.<id>.stats` requests on the bus. */
  statsResponder: NodeStatsResponder;
  /** Signed drain/kill/restart on `admin.control.<id>`; null without --admin-secret. */
  control: RemoteControlResponder | null;
  /** The presence this node writes through; cut on crash. */
  presenceGuard: GuardedPresence;
  registryTimer: NodeJS.Timeout;
  /** Publishes connections and rates to the registry for clients picking the least-loaded node. */
  loadPublisher: LoadPublisher;
  startedAt: number;
}

export function createChatNode(options: CreateChatNodeOptions = {}): ChatNode {
  const config: NodeConfig = { ...DEFAULT_NODE_CONFIG, ...options.config };
  const logger = (options.logger ?? createLogger({ level: config.logLevel })).child({ node: config.id });
  const now = Date.now;
  let running: Running | undefined;
  let state: 'new' | 'starting' | 'running' | 'stopped' = 'new';

  const build = async (): Promise<Running> => {
    const backends = options.backends ?? (await connectBackends(config, logger));
    const presenceGuard = guardPresence(backends.presence);
    const presence = presenceGuard.presence;
    const sessions = new SessionRegistry();
    const connections = { count: () => 0 };
    const metrics = new PrometheusMetrics(config.id, {
      connections: () => connections.count(),
      users: () => sessions.userCount,
      backends: () => backendHealth(backends),
    });
    const router = new Router({
      nodeId: config.id,
      instanceId: randomUUID(),
      bus: backends.bus,
      presence,
      store: backends.store,
      sessions,
      logger,
      metrics,
    });
    const isOnline = async (userId: number) => (await presence.nodesOf(userId)).length > 0;
    const ctx: NodeContext = {
      config,
      version: VERSION,
      logger,
      metrics,
      now,
      sessions,
      router,
      store: backends.store,
      presence,
      accounts: new AccountService(backends.store, options.passwordHasher ?? new PasswordHasher(), new LoginThrottle(), now),
      directMessages: new DirectMessageService(backends.store, router, now),
      groups: new GroupService(backends.store, router, isOnline, now),
      groupMessages: new GroupMessageService(backends.store, router, now),
    };
    const server = new ChatServer(ctx, logger);
    connections.count = () => server.connections.size;
    const liveness = new NodeLiveness({ nodeId: config.id, ttlMs: config.nodeTtlMs, presence, localUsers: () => [...sessions.userIds()], logger });
    const admin = config.adminPort === null ? null : new AdminHttpServer({ nodeId: config.id, metrics, backends: () => backendHealth(backends), logger });
    const statsResponder = new NodeStatsResponder({
      nodeId: config.id,
      bus: backends.bus,
      logger,
      now,
      source: {
        connections: () => server.connections.size,
        users: () => sessions.userCount,
        messagesIn: () => metrics.totals.accepted,
        messagesOut: () => metrics.totals.delivered,
        uptimeMs: () => (built.startedAt ? now() - built.startedAt : 0),
        natsServer: () => (backends.bus.kind === 'memory' ? 'memory' : backends.bus.health().endpoint),
      },
    });
    const control = config.adminSecret
      ? new RemoteControlResponder({ nodeId: config.id, bus: backends.bus, secret: config.adminSecret, actions: options.control ?? processControlActions(), logger, now })
      : null;
    const loadPublisher = new LoadPublisher({
      registry: backends.registry,
      nodeId: config.id,
      maxConnections: config.maxConnections,
      source: { connections: () => server.connections.size, accepted: () => server.accepted, messages: () => metrics.totals.accepted + metrics.totals.delivered },
      logger,
    });
    const built: Running = { backends, server, router, sessions, liveness, admin, statsResponder, control, presenceGuard, registryTimer: setTimeout(() => {}, 0), loadPublisher, startedAt: 0 };
    return built;
  };

  return {
    id: config.id,
    config,
    get backends(): ChatBackends {
      if (!running) throw new Error(`node ${config.id} has not started`);
      return running.backends;
    },
    async start() {
      if (state !== 'new') throw new Error(`node ${config.id} was already started`);
      state = 'starting';
      const node = await build();
      running = node;
      let address: Awaited<ReturnType<ChatServer['listen']>>;
      let adminAddress: Awaited<ReturnType<AdminHttpServer['listen']>> | null;
      try {
        node.router.start();
        address = await node.server.listen(config.host, config.port);
        adminAddress = node.admin ? await node.admin.listen(config.adminHost, config.adminPort ?? 0) : null;
        node.startedAt = now();
        await node.liveness.start();
        node.statsResponder.start();
        node.control?.start();
      } catch (error) {
        // A node that could not start (e.g. its port is taken) leaves nothing behind on shared backends.
        state = 'stopped';
        node.statsResponder.stop();
        node.control?.stop();
        node.liveness.stop();
        node.router.stop();
        await node.server.close('node failed to start').catch(() => {});
        await node.admin?.close();
        if (!options.backends) await closeBackends(node.backends);
        throw error;
      }
      await registerSelf(node, address.address, address.port, adminAddress?.port ?? null);
      state = 'running';
      logger.info('listening', {
        host: address.address,
        port: address.port,
        admin: adminAddress ? `http://${adminAddress.address}:${adminAddress.port}` : 'off',
        backends: backendSummary(node.backends),
      });
      return { host: address.address, port: address.port, adminPort: adminAddress?.port ?? null };
    },
    async stop() {
      if (state !== 'running' || !running) return;
      state = 'stopped';
      const node = running;
      clearInterval(node.registryTimer);
      node.loadPublisher.stop();
      // Leave the registry first, so nobody is sent here while the connections close.
      await node.backends.registry.deregister(config.id).catch((error: unknown) => logger.warn('deregister_failed', { error: String(error) }));
      node.statsResponder.stop();
      node.control?.stop();
      await node.server.close('node stopping');
      for (const userId of [...node.sessions.userIds()]) await node.router.userOffline(userId).catch(() => {});
      node.liveness.stop();
      node.router.stop();
      await node.admin?.close();
      if (!options.backends) await closeBackends(node.backends);
      logger.info('stopped');
    },
    async crash() {
      if (state !== 'running' || !running) return;
      state = 'stopped';
      const node = running;
      node.presenceGuard.cut();
      clearInterval(node.registryTimer);
      node.loadPublisher.stop();
      node.statsResponder.stop();
      node.control?.stop();
      node.liveness.stop();
      node.router.stop();
      await node.server.close('node crashed');
      await node.admin?.close();
      if (!options.backends) await closeBackends(node.backends);
      logger.warn('crashed', { detail: 'in-process crash: registry and presence left for the TTL and the reaper' });
    },
    stats() {
      const node = running;
      let framesIn = 0;
      let framesOut = 0;
      for (const connection of node?.server.connections ?? []) {
        framesIn += connection.framesIn;
        framesOut += connection.framesOut;
      }
      return {
        nodeId: config.id,
        connections: node?.server.connections.size ?? 0,
        users: node?.sessions.userCount ?? 0,
        localGroups: node?.router.groups.groupCount ?? 0,
        framesIn,
        framesOut,
        refusedConnections: node?.server.refused ?? 0,
        uptimeMs: node?.startedAt ? now() - node.startedAt : 0,
        routing: node ? { ...node.router.stats } : { directLocal: 0, directRemote: 0, directOffline: 0, groupPushes: 0, busIn: 0, busDropped: 0 },
      };
    },
    backendHealth() {
      return running ? backendHealth(running.backends) : {};
    },
  };

  async function registerSelf(node: Running, host: string, port: number, adminPort: number | null): Promise<void> {
    const advertised = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const meta: Record<string, string> = {
      version: VERSION,
      start_time: String(Math.floor(node.startedAt / 1000)),
      protocol: 'tcp',
      hostname: os.hostname(),
      backends: backendSummary(node.backends),
      nats: config.natsServers.join(',') || 'memory',
    };
    if (adminPort !== null) meta['admin_port'] = String(adminPort);
    const timing = registryTiming(config.nodeTtlMs);
    try {
      await node.backends.registry.register(
        { id: config.id, address: advertised, port, tags: ['chat', 'realtime', 'zinx'], meta },
        { ttlMs: timing.ttlMs, deregisterCriticalAfterMs: timing.deregisterCriticalAfterMs },
      );
      await node.backends.registry.pass(config.id, 'started');
    } catch (error) {
      // The registry being away must not keep chat down; the driver re-registers when it returns.
      logger.warn('register_failed', { error: error instanceof Error ? error.message : String(error) });
    }
    node.registryTimer = setInterval(() => {
      node.backends.registry.pass(config.id, `${node.server.connections.size} connections`).catch((error: unknown) =>
        logger.debug('registry_pass_failed', { error: String(error) }),
      );
    }, timing.passEveryMs);
    node.registryTimer.unref();
    node.loadPublisher.start();
  }
}

function backendSummary(backends: ChatBackends): string {
  return `bus:${backends.bus.kind},registry:${backends.registry.kind},presence:${backends.presence.kind},store:${backends.store.kind}`;
}

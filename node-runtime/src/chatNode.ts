/**
 * The composition root: the one place that picks backends and wires a node together. The CLI,
 * the Electron main process and the tests all build nodes through createChatNode.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { AccountService } from './chat/accounts.js';
import { DirectMessageService } from './chat/directMessages.js';
import { GroupMessageService } from './chat/groupMessages.js';
import { GroupService } from './chat/groups.js';
import { LoginThrottle } from './chat/loginThrottle.js';
import { PasswordHasher } from './chat/passwordHasher.js';
import { closeBackends, createMemoryBackends, type ChatBackends } from './cluster/backends.js';
import { createLogger, type Logger } from './common/logger.js';
import { DEFAULT_NODE_CONFIG, type NodeConfig } from './config/nodeConfig.js';
import { Router } from './routing/router.js';
import { ChatServer } from './server/chatServer.js';
import type { NodeContext } from './server/nodeContext.js';
import { SessionRegistry } from './server/sessionRegistry.js';
import { VERSION } from './version.js';

export interface CreateChatNodeOptions {
  config?: Partial<NodeConfig>;
  /** Shared backends (several in-process nodes, or the cluster drivers). Omitted: fresh in-memory ones, owned and closed by the node. */
  backends?: ChatBackends;
  logger?: Logger;
  passwordHasher?: PasswordHasher;
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
  readonly backends: ChatBackends;
  /** Listens and registers the node. Resolves with the bound address (useful with port 0). */
  start(): Promise<{ host: string; port: number }>;
  /** Stops accepting, closes every connection, clears this node's presence and deregisters it. */
  stop(): Promise<void>;
  stats(): NodeStats;
}

/** How often the node passes its registry TTL check, and how long the TTL is. */
const REGISTRY_TTL_MS = 10_000;
const REGISTRY_PASS_MS = 3_000;
const DEREGISTER_CRITICAL_AFTER_MS = 60_000;

export function createChatNode(options: CreateChatNodeOptions = {}): ChatNode {
  const config: NodeConfig = { ...DEFAULT_NODE_CONFIG, ...options.config };
  const ownsBackends = !options.backends;
  const backends = options.backends ?? createMemoryBackends();
  const logger = (options.logger ?? createLogger({ level: config.logLevel })).child({ node: config.id });
  const now = Date.now;

  const sessions = new SessionRegistry();
  const router = new Router({
    nodeId: config.id,
    instanceId: randomUUID(),
    bus: backends.bus,
    presence: backends.presence,
    store: backends.store,
    sessions,
    logger,
  });
  const isOnline = async (userId: number) => (await backends.presence.nodesOf(userId)).length > 0;
  const ctx: NodeContext = {
    config,
    version: VERSION,
    logger,
    now,
    sessions,
    router,
    store: backends.store,
    presence: backends.presence,
    accounts: new AccountService(backends.store, options.passwordHasher ?? new PasswordHasher(), new LoginThrottle(), now),
    directMessages: new DirectMessageService(backends.store, router, now),
    groups: new GroupService(backends.store, router, isOnline, now),
    groupMessages: new GroupMessageService(backends.store, router, now),
  };
  const server = new ChatServer(ctx, logger);
  let startedAt = 0;
  let registryTimer: NodeJS.Timeout | undefined;
  let state: 'new' | 'running' | 'stopped' = 'new';

  return {
    id: config.id,
    config,
    backends,
    async start() {
      if (state !== 'new') throw new Error(`node ${config.id} was already started`);
      state = 'running';
      router.start();
      const address = await server.listen(config.host, config.port);
      startedAt = now();
      await backends.registry.register(
        {
          id: config.id,
          address: address.address,
          port: address.port,
          tags: ['chat', 'realtime', 'zinx'],
          meta: { version: VERSION, start_time: String(Math.floor(startedAt / 1000)), protocol: 'tcp', hostname: os.hostname() },
        },
        { ttlMs: REGISTRY_TTL_MS, deregisterCriticalAfterMs: DEREGISTER_CRITICAL_AFTER_MS },
      );
      await backends.registry.pass(config.id, 'started');
      registryTimer = setInterval(() => {
        backends.registry.pass(config.id, `${server.connections.size} connections`).catch((error: unknown) =>
          logger.warn('registry_pass_failed', { error: String(error) }),
        );
      }, REGISTRY_PASS_MS);
      registryTimer.unref();
      logger.info('listening', { host: address.address, port: address.port, backends: backendSummary(backends) });
      return { host: address.address, port: address.port };
    },
    async stop() {
      if (state !== 'running') return;
      state = 'stopped';
      clearInterval(registryTimer);
      await server.close('node stopping');
      for (const userId of [...sessions.userIds()]) await router.userOffline(userId).catch(() => {});
      router.stop();
      await backends.registry.deregister(config.id).catch((error: unknown) => logger.warn('deregister_failed', { error: String(error) }));
      if (ownsBackends) await closeBackends(backends);
      logger.info('stopped');
    },
    stats() {
      let framesIn = 0;
      let framesOut = 0;
      for (const connection of server.connections) {
        framesIn += connection.framesIn;
        framesOut += connection.framesOut;
      }
      return {
        nodeId: config.id,
        connections: server.connections.size,
        users: sessions.userCount,
        localGroups: router.groups.groupCount,
        framesIn,
        framesOut,
        refusedConnections: server.refused,
        uptimeMs: startedAt ? now() - startedAt : 0,
        routing: { ...router.stats },
      };
    },
  };
}

function backendSummary(backends: ChatBackends): string {
  return `bus:${backends.bus.kind},registry:${backends.registry.kind},presence:${backends.presence.kind},store:${backends.store.kind}`;
}

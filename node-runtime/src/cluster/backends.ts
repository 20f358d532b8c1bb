/**
 * The four ports a node runs on. The embedded default is one set of in-memory backends; several
 * in-process nodes can share a set and then behave as one cluster (the console's sandbox).
 */
import type { BackendHealth } from './backendHealth.js';
import { ConfigError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { NodeConfig } from '../config/nodeConfig.js';
import { subscribeBusTap } from './bus/busSubscribeTap.js';
import type { BusTap, TapHandler } from './bus/busTap.js';
import { MemoryMessageBus } from './bus/memoryMessageBus.js';
import type { MessageBus } from './bus/messageBus.js';
import { MemoryPresenceStore } from './presence/memoryPresenceStore.js';
import type { PresenceStore } from './presence/presenceStore.js';
import { MemoryNodeRegistry } from './registry/memoryNodeRegistry.js';
import type { NodeRegistry } from './registry/nodeRegistry.js';
import { MemoryChatStore } from './store/memoryChatStore.js';
import type { ChatStore } from './store/chatStore.js';

export interface ChatBackends {
  bus: MessageBus;
  registry: NodeRegistry;
  presence: PresenceStore;
  store: ChatStore;
}

export function createMemoryBackends(): ChatBackends {
  return {
    bus: new MemoryMessageBus(),
    registry: new MemoryNodeRegistry(),
    presence: new MemoryPresenceStore(),
    store: new MemoryChatStore(),
  };
}

/**
 * The backends a node's config names: in-memory ones for the embedded default, otherwise the
 * cluster drivers (loaded only when asked for, so an embedded node never loads them).
 */
export async function connectBackends(config: NodeConfig, logger: Logger): Promise<ChatBackends> {
  if (config.natsServers.length === 0 && config.redisUrl === null && config.registry === 'memory') return createMemoryBackends();
  if (config.natsServers.length === 0 || config.redisUrl === null) {
    throw new ConfigError(config.redisUrl === null ? '--redis' : '--nats', 'cluster mode needs both --nats and --redis');
  }
  const opened: Array<{ close(): Promise<void> }> = [];
  try {
    const { connectNatsBus } = await import('./bus/natsMessageBus.js');
    const bus = await connectNatsBus({ servers: config.natsServers, name: `${config.id}-bus`, logger: logger.child({ port: 'bus' }) });
    opened.push(bus);
    const { connectRedisChatStore } = await import('./store/redisChatStore.js');
    const store = await connectRedisChatStore({ url: config.redisUrl, logger: logger.child({ port: 'store' }) });
    opened.push(store);
    const { connectRedisPresenceStore } = await import('./presence/redisPresenceStore.js');
    const presence = await connectRedisPresenceStore({ url: config.redisUrl, logger: logger.child({ port: 'presence' }) });
    opened.push(presence);
    const registry = await connectRegistry(config, logger.child({ port: 'registry' }));
    return { bus, store, presence, registry };
  } catch (error) {
    await Promise.allSettled(opened.map((backend) => backend.close()));
    throw error;
  }
}

async function connectRegistry(config: NodeConfig, logger: Logger): Promise<NodeRegistry> {
  switch (config.registry) {
    case 'consul': {
      const { connectConsulRegistry } = await import('./registry/consulRegistry.js');
      return connectConsulRegistry({ url: config.consulUrl as string, logger });
    }
    case 'nats': {
      const { connectNatsKvRegistry } = await import('./registry/natsKvRegistry.js');
      return connectNatsKvRegistry({ servers: config.natsServers, name: `${config.id}-registry`, logger });
    }
    case 'memory':
      return new MemoryNodeRegistry();
  }
}

export function backendHealth(backends: ChatBackends): Record<string, BackendHealth> {
  return {
    bus: backends.bus.health(),
    registry: backends.registry.health(),
    presence: backends.presence.health(),
    store: backends.store.health(),
  };
}

export async function closeBackends(backends: ChatBackends): Promise<void> {
  await Promise.allSettled([backends.bus.close(), backends.registry.close(), backends.presence.close(), backends.store.close()]);
}

/**
 * A wiretap on `chat.>` and `system.>` for the console's Traffic view (see bus/busTap.ts): the
 * in-process bus is tapped through its own subscribe; a cluster bus through a separate NATS
 * connection to the servers the config names (loaded only when asked for).
 */
export async function openBusTap(bus: MessageBus, config: NodeConfig, logger: Logger, handler: TapHandler): Promise<BusTap> {
  if (bus.kind === 'memory' || config.natsServers.length === 0) return subscribeBusTap(bus, handler);
  const { openNatsBusTap } = await import('./bus/natsBusTap.js');
  return openNatsBusTap({ servers: config.natsServers, name: `${config.id}-tap`, logger, connectTimeoutMs: 3000 }, handler);
}

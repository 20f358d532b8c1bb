/**
 * The four ports a node runs on. The embedded default is one set of in-memory backends; several
 * in-process nodes can share a set and then behave as one cluster (the console's sandbox).
 */
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

export async function closeBackends(backends: ChatBackends): Promise<void> {
  await Promise.allSettled([backends.bus.close(), backends.registry.close(), backends.presence.close(), backends.store.close()]);
}

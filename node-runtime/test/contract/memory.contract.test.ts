/** The four port contracts against the in-memory backends (embedded mode). */
import { MemoryMessageBus } from '../../src/cluster/bus/memoryMessageBus.js';
import { MemoryNodeRegistry } from '../../src/cluster/registry/memoryNodeRegistry.js';
import { MemoryPresenceStore } from '../../src/cluster/presence/memoryPresenceStore.js';
import { MemoryChatStore } from '../../src/cluster/store/memoryChatStore.js';
import { messageBusContract } from './messageBus.contract.js';
import { nodeRegistryContract } from './nodeRegistry.contract.js';
import { presenceStoreContract } from './presenceStore.contract.js';
import { chatStoreContract } from './chatStore.contract.js';

messageBusContract(
  'memory',
  async () => {
    const bus = new MemoryMessageBus();
    return { bus, cleanup: () => bus.close() };
  }
);

nodeRegistryContract(
  'memory',
  async () => {
    const registry = new MemoryNodeRegistry();
    return { registry, cleanup: () => registry.close() };
  }
);

presenceStoreContract('memory', async () => {
  const presence = new MemoryPresenceStore();
  return { presence, cleanup: () => presence.close() };
});

chatStoreContract('memory', async () => {
  const store = new MemoryChatStore();
  return { store, cleanup: () => store.close() };
});

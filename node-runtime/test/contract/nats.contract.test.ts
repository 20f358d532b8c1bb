/**
 * The MessageBus and NodeRegistry contracts against real nats-server processes: one JetStream
 * server (bus + KV registry), and a 3-server JetStream cluster (bus with R3 streams). The servers
 * are started once per file on free ports under a temporary folder and always stopped.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsCluster, startNatsServer, type NatsClusterHandle, type NatsHandle } from '../../../infrastructure/local/lib/natsServers.js';
import { connectNatsBus } from '../../src/cluster/bus/natsMessageBus.js';
import { connectNatsKvRegistry } from '../../src/cluster/registry/natsKvRegistry.js';
import { messageBusContract } from './messageBus.contract.js';
import { nodeRegistryContract } from './nodeRegistry.contract.js';

const stateDir = mkdtempSync(join(tmpdir(), 'chat-nats-contract-'));
let single: NatsHandle | undefined;
let cluster: NatsClusterHandle | undefined;

before(async () => {
  [single, cluster] = await Promise.all([
    startNatsServer({ stateDir: join(stateDir, 'single') }),
    startNatsCluster({ stateDir: join(stateDir, 'cluster'), size: 3 }),
  ]);
});

after(async () => {
  await Promise.allSettled([single?.stopAll(), cluster?.stopAll()]);
  if (!process.env['KEEP_NATS_STATE']) rmSync(stateDir, { recursive: true, force: true });
});

function urlsOf(handle: NatsHandle | NatsClusterHandle | undefined): string[] {
  assert.ok(handle, 'nats-server was not started (see the before hook)');
  return handle.urls;
}

describe('nats-server (single, JetStream)', () => {
  messageBusContract('NATS JetStream, one server', async () => {
    const bus = await connectNatsBus({ servers: urlsOf(single), name: 'contract-bus' });
    return { bus, cleanup: () => bus.close() };
  });

  nodeRegistryContract(
    'NATS KV, one server',
    async () => {
      const registry = await connectNatsKvRegistry({ servers: urlsOf(single), name: 'contract-registry' });
      return { registry, cleanup: () => registry.close() };
    },
    { ttlMs: 300, deregisterCriticalAfterMs: 400 },
  );
});

describe('nats-server cluster of 3 (JetStream R3)', () => {
  messageBusContract('NATS JetStream, 3-server cluster', async () => {
    const bus = await connectNatsBus({ servers: urlsOf(cluster), name: 'contract-cluster-bus', replicas: 3 });
    return { bus, cleanup: () => bus.close() };
  });
});

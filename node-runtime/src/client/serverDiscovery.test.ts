import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient, type ChatClientOptions } from './chatClient.js';
import { AllServersFailedError, RequestRejectedError } from './clientErrors.js';
import type { SelectableNode } from './nodeSelection.js';
import { registryDiscovery, type ServerDiscovery } from './serverDiscovery.js';
import { FakeChatServer } from './testSupport/fakeChatServer.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(): Promise<FakeChatServer> {
  const server = await FakeChatServer.start();
  cleanups.push(() => server.close());
  return server;
}

function makeClient(options: Partial<ChatClientOptions>): ChatClient {
  const client = new ChatClient({ requestTimeoutMs: 1000, heartbeatMs: false, reconnect: false, ...options });
  cleanups.push(() => client.close());
  return client;
}

function asNode(id: string, server: FakeChatServer, connections: number): SelectableNode {
  const [address, port] = server.address.split(':') as [string, string];
  return { id, address, port: Number(port), health: 'passing', load: { connections, maxConnections: 1000, connectsPerSec: 0, msgsPerSec: 0, at: Date.now() } };
}

const until = async (predicate: () => boolean, what: string, timeoutMs = 3000) => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('ChatClient with a registry (discovery)', () => {
  test('connects to the least-loaded node the registry lists', async () => {
    const [a, b, c] = [await startServer(), await startServer(), await startServer()];
    const nodes = [asNode('a', a, 50), asNode('b', b, 10), asNode('c', c, 30)];
    const client = makeClient({ discovery: registryDiscovery({ label: 'test registry', listNodes: async () => nodes }) });
    await client.connect();
    assert.equal(client.currentServer, b.address);
  });

  test('a registry that fails falls back to `servers`; with none, the error names the registry', async () => {
    const server = await startServer();
    const broken: ServerDiscovery = { label: 'consul://down:8500', discover: () => Promise.reject(new Error('ECONNREFUSED')) };
    const withFallback = makeClient({ discovery: broken, servers: [server.address] });
    await withFallback.connect();
    assert.equal(withFallback.currentServer, server.address);

    const alone = makeClient({ discovery: broken });
    const error = await alone.connect().catch((e: unknown) => e);
    assert.ok(error instanceof AllServersFailedError);
    assert.match(error.message, /consul:\/\/down:8500: ECONNREFUSED/);

    const silent: ServerDiscovery = { label: 'slow registry', discover: () => new Promise(() => {}) };
    const slow = makeClient({ discovery: silent, requestTimeoutMs: 100 });
    await assert.rejects(slow.connect(), /slow registry \(registry read\): no reply within 100 ms/);
  });

  test('needs servers or a discovery', () => {
    assert.throws(() => new ChatClient({}), (error: unknown) => error instanceof RequestRejectedError && /registry/.test(error.message));
  });

  test('after its node dies the client asks the registry again, avoiding the dead node it still lists', async () => {
    const [a, b, c] = [await startServer(), await startServer(), await startServer()];
    const loads = new Map([['a', 0], ['b', 40], ['c', 60]]);
    const avoided: string[][] = [];
    const discovery = registryDiscovery({
      label: 'test registry',
      listNodes: async () => [asNode('a', a, loads.get('a') ?? 0), asNode('b', b, loads.get('b') ?? 0), asNode('c', c, loads.get('c') ?? 0)],
    });
    const spy: ServerDiscovery = {
      label: discovery.label,
      discover: (avoid) => {
        avoided.push([...avoid]);
        return discovery.discover(avoid);
      },
    };
    const client = makeClient({ discovery: spy, reconnect: { initialDelayMs: 10, jitter: false } });
    await client.connect();
    await client.login({ username: 'alice', password: 'pw' });
    assert.equal(client.currentServer, a.address);

    // a dies; the registry still lists it (TTL not expired) as the emptiest, and b is now emptier than c
    loads.set('c', 20);
    await a.close();
    await until(() => client.connected && client.currentServer !== a.address, 'reconnected elsewhere');
    assert.equal(client.currentServer, c.address);
    assert.deepEqual(avoided[avoided.length - 1], [a.address], 'the dead node was avoided');
    assert.equal(c.connections.length, 1);
    assert.equal(c.connections[0]?.loggedInAs, 'alice', 'logged in again on the new node');
  });
});

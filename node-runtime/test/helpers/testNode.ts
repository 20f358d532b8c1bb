/** Starts real nodes on free ports for integration tests, and always stops them. */
import { createChatNode, createMemoryBackends, PasswordHasher, silentLogger, type ChatBackends, type ChatNode, type NodeConfig } from '../../src/index.js';
import { RawClient } from './rawClient.js';

/** A cheaper scrypt cost keeps suites that register many users fast; the accounts tests use the default. */
export const FAST_HASHER = new PasswordHasher({ N: 1024, r: 8, p: 1 });

export interface TestNode {
  node: ChatNode;
  port: number;
  adminPort: number | null;
  stop(): Promise<void>;
}

export async function startTestNode(
  config: Partial<NodeConfig> = {},
  options: { backends?: ChatBackends; hasher?: PasswordHasher } = {},
): Promise<TestNode> {
  const node = createChatNode({
    config: { id: 'test-node', host: '127.0.0.1', port: 0, ...config },
    ...(options.backends ? { backends: options.backends } : {}),
    logger: silentLogger,
    passwordHasher: options.hasher ?? FAST_HASHER,
  });
  const { port, adminPort } = await node.start();
  return { node, port, adminPort, stop: () => node.stop() };
}

/** Several nodes on one set of in-memory backends: an in-process cluster. */
export async function startTestCluster(count: number): Promise<{ nodes: TestNode[]; backends: ChatBackends; stop(): Promise<void> }> {
  const backends = createMemoryBackends();
  const nodes: TestNode[] = [];
  for (let i = 1; i <= count; i++) nodes.push(await startTestNode({ id: `node-${i}` }, { backends }));
  return {
    nodes,
    backends,
    async stop() {
      for (const node of nodes) await node.stop();
    },
  };
}

let counter = 0;
/** A username no other test uses. */
export function uniqueName(prefix = 'user'): string {
  return `${prefix}${process.pid}x${++counter}`;
}

export interface TestUser {
  client: RawClient;
  id: number;
  uuid: string;
  username: string;
}

/** Registers (102) and logs in (104) a fresh user on a new connection. */
export async function registerAndLogin(port: number, prefix = 'user', options: { extended?: boolean } = {}): Promise<TestUser> {
  const client = await RawClient.connect(port);
  const username = uniqueName(prefix);
  const registered = await client.request(102, { username, password: 'secret-pw', email: `${username}@example.test` }, 103);
  if (registered.json?.code !== 0) throw new Error(`register failed: ${registered.body.toString()}`);
  if (options.extended) await client.request(1001, { features: ['ack', 'sync'] }, 1002);
  const login = await client.request(104, { username, password: 'secret-pw' }, 105);
  if (login.json?.code !== 0) throw new Error(`login failed: ${login.body.toString()}`);
  return { client, id: login.json.data.id, uuid: login.json.data.user_uuid, username };
}

/** Logs an existing user in on a new connection. */
export async function loginAgain(port: number, username: string, options: { extended?: boolean } = {}): Promise<RawClient> {
  const client = await RawClient.connect(port);
  if (options.extended) await client.request(1001, { features: ['ack', 'sync'] }, 1002);
  const login = await client.request(104, { username, password: 'secret-pw' }, 105);
  if (login.json?.code !== 0) throw new Error(`login failed: ${login.body.toString()}`);
  return client;
}

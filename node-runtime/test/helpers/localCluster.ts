/**
 * A real multi-process cluster for tests, started with the same launchers as
 * `npm run cluster:local`: a NATS JetStream cluster, Redis (one server, or a Redis Cluster of
 * 3 masters + 3 replicas with startLocalClusterOnRedisCluster), and chat nodes as child processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startChatNode, type ChatNodeProcess, type ChatNodeProcessOptions } from '../../../infrastructure/local/lib/chatNodes.js';
import { startNatsCluster, startNatsServer, type NatsClusterHandle, type NatsServerHandle } from '../../../infrastructure/local/lib/natsServers.js';
import { startRedisCluster, type RedisCluster, type RedisClusterOptions } from '../../../infrastructure/local/lib/redisCluster.js';
import { startRedisServer, type RedisServer } from '../../../infrastructure/local/lib/redisServer.js';

export interface LocalCluster extends LocalClusterBase {
  redis: RedisServer;
}

export interface LocalClusterOnRedisCluster extends LocalClusterBase {
  redisCluster: RedisCluster;
}

interface LocalClusterBase {
  stateDir: string;
  natsUrls: string[];
  natsServers: NatsServerHandle[];
  /** What the nodes get as `--redis` (for a Redis Cluster: every node as a seed). */
  redisUrl: string;
  nodes: ChatNodeProcess[];
  addNode(id: string, overrides?: Partial<ChatNodeProcessOptions>): Promise<ChatNodeProcess>;
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  nodes?: number;
  /** 1 = a single NATS server, 3 = a JetStream cluster. */
  natsServers?: 1 | 3;
  nodeTtl?: string;
  registry?: 'nats' | 'consul';
  consulUrl?: string;
}

export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const stateDir = mkdtempSync(join(os.tmpdir(), 'chat-cluster-'));
  const redis = await startRedisServer({ stateDir: join(stateDir, 'redis'), appendfsync: 'always' });
  const base = await startAround(stateDir, options, { url: `redis://127.0.0.1:${redis.port}`, stop: () => redis.stop() });
  return { ...base, redis };
}

/** The same on a Redis Cluster (3 masters + 3 replicas from redisCluster.ts; `redis` options go to it). */
export async function startLocalClusterOnRedisCluster(
  options: LocalClusterOptions & { redis?: Omit<RedisClusterOptions, 'stateDir'> } = {},
): Promise<LocalClusterOnRedisCluster> {
  const stateDir = mkdtempSync(join(os.tmpdir(), 'chat-cluster-'));
  const redisCluster = await startRedisCluster({ stateDir: join(stateDir, 'redis-cluster'), ...options.redis });
  const base = await startAround(stateDir, options, { url: redisCluster.url, stop: () => redisCluster.stop() });
  return { ...base, redisCluster };
}

/** NATS and the chat nodes around an already running Redis; stops that Redis too if starting fails. */
async function startAround(stateDir: string, options: LocalClusterOptions, redis: { url: string; stop(): Promise<void> }): Promise<LocalClusterBase> {
  let nats: NatsClusterHandle | undefined;
  let single: Awaited<ReturnType<typeof startNatsServer>> | undefined;
  try {
    if ((options.natsServers ?? 3) === 3) nats = await startNatsCluster({ stateDir: join(stateDir, 'nats'), size: 3 });
    else single = await startNatsServer({ stateDir: join(stateDir, 'nats') });
  } catch (error) {
    await redis.stop();
    throw error;
  }
  const natsUrls = nats ? nats.urls : (single as NonNullable<typeof single>).urls;
  const redisUrl = redis.url;
  const nodes: ChatNodeProcess[] = [];
  const addNode = async (id: string, overrides: Partial<ChatNodeProcessOptions> = {}) => {
    const node = await startChatNode({
      id,
      stateDir,
      natsUrls,
      redisUrl,
      registry: options.registry ?? 'nats',
      ...(options.consulUrl ? { consulUrl: options.consulUrl } : {}),
      nodeTtl: options.nodeTtl ?? '3s',
      ...overrides,
    });
    nodes.push(node);
    return node;
  };
  try {
    for (let i = 1; i <= (options.nodes ?? 3); i++) await addNode(`node-${i}`);
  } catch (error) {
    for (const node of nodes) await node.process.kill();
    await redis.stop();
    await (nats ?? single)?.stopAll();
    throw error;
  }
  return {
    stateDir,
    natsUrls,
    natsServers: nats ? nats.servers : [single as NatsServerHandle],
    redisUrl,
    nodes,
    addNode,
    async stop() {
      await Promise.all(nodes.map((node) => node.process.stop(3000)));
      await redis.stop();
      await (nats ?? single)?.stopAll();
      if (!process.env['KEEP_CLUSTER_STATE']) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

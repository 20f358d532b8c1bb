/**
 * `npm run cluster:local`: the compose topology started from installed binaries, for machines
 * without Docker — 3 NATS servers (JetStream, clustered), Redis and 3 chat nodes, registered in
 * a NATS KV bucket (Consul cannot be installed here; pass --consul URL to use an agent you run).
 * `--redis-cluster`: a Redis Cluster of 3 masters + 3 replicas instead of one Redis.
 * Runs in the foreground; Ctrl-C stops everything. State and logs: --state DIR (default .local-cluster/).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startChatNode, type ChatNodeProcess } from './lib/chatNodes.js';
import { startNatsCluster } from './lib/natsServers.js';
import { startRedisCluster } from './lib/redisCluster.js';
import { startRedisServer } from './lib/redisServer.js';

const HELP = `Usage: npm run cluster:local -- [--nodes N] [--state DIR] [--first-port P] [--consul URL] [--redis-cluster]

Starts 3 nats-server (JetStream cluster), 1 redis-server and N chat nodes (default 3) on this
machine and keeps them running until Ctrl-C. Needs nats-server and redis-server installed
(Debian: apt-get install -y nats-server redis-server). --redis-cluster starts a Redis Cluster
instead (6 redis-server in cluster mode: 3 masters + 3 replicas, joined with
redis-cli --cluster create) and gives the nodes all six as seeds. Chat clients connect to any node, e.g.
  npm run client -- --server 127.0.0.1:9001,127.0.0.1:9002,127.0.0.1:9003`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        nodes: { type: 'string', default: '3' },
        state: { type: 'string', default: '.local-cluster' },
        'first-port': { type: 'string', default: '9001' },
        consul: { type: 'string' },
        'redis-cluster': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const count = Number(values.nodes);
  const firstPort = Number(values['first-port']);
  if (!Number.isInteger(count) || count < 1 || count > 20) {
    process.stderr.write('error: --nodes: use a whole number from 1 to 20\n');
    return 2;
  }
  if (!Number.isInteger(firstPort) || firstPort < 1024 || firstPort + count > 65535) {
    process.stderr.write('error: --first-port: use a port from 1024 that leaves room for every node\n');
    return 2;
  }
  const stateDir = resolve(values.state);
  mkdirSync(stateDir, { recursive: true });
  const say = (line: string) => process.stdout.write(`${line}\n`);

  say(`state and logs in ${stateDir}`);
  say('starting 3 NATS servers (JetStream cluster)…');
  const nats = await startNatsCluster({ stateDir: resolve(stateDir, 'nats'), size: 3 });
  say(`  ${nats.urls.join(' ')}`);
  let redis: { url: string; stop(): Promise<void> };
  try {
    say(values['redis-cluster'] ? 'starting a Redis Cluster (3 masters + 3 replicas)…' : 'starting Redis…');
    redis = values['redis-cluster']
      ? await startRedisCluster({ stateDir: resolve(stateDir, 'redis-cluster'), appendfsync: 'always' })
      : await startRedisServer({ stateDir: resolve(stateDir, 'redis') });
  } catch (error) {
    await nats.stopAll();
    throw error;
  }
  const redisUrl = redis.url;
  say(`  ${redisUrl}`);
  const nodes: ChatNodeProcess[] = [];
  const stopAll = async () => {
    for (const node of nodes) await node.process.stop();
    await redis.stop();
    await nats.stopAll();
  };
  try {
    for (let i = 1; i <= count; i++) {
      say(`starting chat node node-${i}…`);
      const node = await startChatNode({
        id: `node-${i}`,
        stateDir,
        natsUrls: nats.urls,
        redisUrl,
        registry: values.consul ? 'consul' : 'nats',
        ...(values.consul ? { consulUrl: values.consul } : {}),
        port: firstPort + i - 1,
      });
      nodes.push(node);
      say(`  node-${i} on ${node.address}, metrics http://127.0.0.1:${node.adminPort}/metrics, log ${node.logFile}`);
    }
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    await stopAll();
    return 1;
  }
  const summary = { nats: nats.urls, redis: redisUrl, nodes: nodes.map((node) => ({ id: node.id, address: node.address, adminPort: node.adminPort, pid: node.process.pid })) };
  writeFileSync(resolve(stateDir, 'cluster.json'), JSON.stringify(summary, null, 2));
  say(`cluster ready: npm run client -- --server ${nodes.map((node) => node.address).join(',')}`);
  say('Ctrl-C stops everything.');
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  say('stopping…');
  await stopAll();
  say('stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fatal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

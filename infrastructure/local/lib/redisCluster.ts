/**
 * A Redis Cluster from the installed redis-server and redis-cli: `masters × (1 + replicas)`
 * servers in cluster mode on free loopback ports (client and bus port both chosen, so nothing
 * depends on port + 10000), joined with `redis-cli --cluster create`. Each server has its own
 * folder (`stateDir/node-<n>/`: nodes.conf, append-only file, log), so kill -9 and start keep
 * its identity: a killed master that starts again rejoins as a replica of whoever took over.
 *
 * Settings that matter for failover: `cluster-node-timeout` (how long a silent master takes to be
 * declared failed; default here 1500 ms so tests fail over in ~2–3 s), `cluster-replica-validity-factor 0`
 * (a replica may always take over), `cluster-require-full-coverage no` (the other shards keep
 * serving while one fails over), `repl-ping-replica-period 1` (a fresh replica shows up in
 * CLUSTER SLOTS, which only lists replicas that reported an offset, within a second).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './freePort.js';
import { requireBinary } from './managedProcess.js';
import { RedisServer } from './redisServer.js';

const run = promisify(execFile);

export interface RedisClusterOptions {
  stateDir: string;
  /** Default 3. */
  masters?: number;
  /** Replicas per master; default 1. */
  replicas?: number;
  /** Default 1500 ms. */
  nodeTimeoutMs?: number;
  /** Append-only files (default true); `appendfsync` default `everysec`. */
  persistence?: boolean;
  appendfsync?: 'always' | 'everysec';
  /** Bound on creating the cluster and on each health wait. Default 30 s. */
  readyTimeoutMs?: number;
}

/** One line of CLUSTER NODES. */
export interface ClusterNodeInfo {
  id: string;
  /** `host:port` */
  address: string;
  port: number;
  role: 'master' | 'replica';
  /** `fail` or `fail?` among the flags. */
  failing: boolean;
  /** For a replica: its master's id. */
  masterId: string | null;
  connected: boolean;
  slotRanges: string[];
}

export class RedisCluster {
  private constructor(
    readonly servers: RedisServer[],
    private readonly masters: number,
    private readonly replicas: number,
    private readonly readyTimeoutMs: number,
  ) {}

  static async start(options: RedisClusterOptions): Promise<RedisCluster> {
    const masters = options.masters ?? 3;
    const replicas = options.replicas ?? 1;
    if (!Number.isInteger(masters) || masters < 3) throw new Error(`Redis Cluster needs at least 3 masters (got ${masters})`);
    if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`replicas per master must be a whole number (got ${replicas})`);
    const count = masters * (1 + replicas);
    const ports = await freePorts(count * 2);
    const servers: RedisServer[] = [];
    for (let i = 0; i < count; i++) {
      servers.push(
        await RedisServer.create({
          stateDir: join(options.stateDir, `node-${i + 1}`),
          port: ports[i] as number,
          persistence: options.persistence ?? true,
          ...(options.appendfsync ? { appendfsync: options.appendfsync } : {}),
          extraArgs: [
            '--cluster-enabled', 'yes',
            '--cluster-config-file', 'nodes.conf',
            '--cluster-port', String(ports[count + i]),
            '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 1500),
            '--cluster-replica-validity-factor', '0',
            '--cluster-require-full-coverage', 'no',
            // Replication offsets move every second even without writes: CLUSTER SLOTS lists a replica only once its offset is non-zero.
            '--repl-ping-replica-period', '1',
          ],
        }),
      );
    }
    const cluster = new RedisCluster(servers, masters, replicas, options.readyTimeoutMs ?? 30_000);
    try {
      await Promise.all(servers.map((server) => server.start()));
      const addresses = servers.map((server) => `${server.host}:${server.port}`);
      await run(redisCliBinary(), ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'], {
        timeout: cluster.readyTimeoutMs,
      });
      await cluster.waitHealthy();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Every node as a seed: `redis://h:p,redis://h:p,…` (what `--redis` takes for a cluster). */
  get url(): string {
    return this.servers.map((server) => server.url).join(',');
  }

  /** One command on one server through redis-cli; its raw reply text. */
  command(server: RedisServer, args: string[]): Promise<string> {
    return redisCli(server, args);
  }

  /** CLUSTER NODES as seen by a running node. */
  async nodes(): Promise<ClusterNodeInfo[]> {
    let lastError: unknown = new Error('no server is running');
    for (const server of this.servers.filter((candidate) => candidate.running)) {
      try {
        return parseClusterNodes(await redisCli(server, ['CLUSTER', 'NODES']));
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  /** The server that is master of `key`'s slot now. */
  async masterOf(key: string): Promise<RedisServer> {
    const any = this.servers.find((server) => server.running);
    if (!any) throw new Error('no server is running');
    const slot = Number(await redisCli(any, ['CLUSTER', 'KEYSLOT', key]));
    const owner = (await this.nodes()).find((node) => node.role === 'master' && !node.failing && node.slotRanges.some((range) => inRange(slot, range)));
    const server = this.servers.find((candidate) => candidate.port === owner?.port);
    if (!server) throw new Error(`no master serves slot ${slot} of ${key}`);
    return server;
  }

  /**
   * Resolves once every running node says cluster_state:ok, every slot has a non-failing master,
   * every master has its replicas attached with the replication link up, and every node's CLUSTER
   * SLOTS lists them (what cluster clients see: a replica is listed once its offset was gossiped).
   */
  async waitHealthy(timeoutMs = this.readyTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let why = 'not checked yet';
    for (;;) {
      why = await this.unhealthyReason().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      if (why === '') return;
      if (Date.now() > deadline) throw new Error(`Redis Cluster not healthy after ${timeoutMs} ms: ${why}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.stop()));
  }

  private async unhealthyReason(): Promise<string> {
    const running = this.servers.filter((server) => server.running);
    for (const server of running) {
      if (!(await redisCli(server, ['CLUSTER', 'INFO'])).includes('cluster_state:ok')) return `${server.port}: cluster_state is not ok`;
    }
    const nodes = (await this.nodes()).filter((node) => !node.failing);
    const masters = nodes.filter((node) => node.role === 'master' && node.slotRanges.length > 0);
    if (masters.length !== this.masters) return `${masters.length} of ${this.masters} masters serve slots`;
    for (const master of masters) {
      const attached = nodes.filter((node) => node.masterId === master.id);
      if (attached.length < this.replicas) return `master ${master.address} has ${attached.length} of ${this.replicas} replicas`;
      for (const replica of attached) {
        const server = this.servers.find((candidate) => candidate.port === replica.port);
        if (!server || !(await redisCli(server, ['INFO', 'replication'])).includes('master_link_status:up')) return `replica ${replica.address} is not in sync`;
      }
    }
    for (const server of running) {
      const ranges = JSON.parse(await redisCli(server, ['-2', '--json', 'CLUSTER', 'SLOTS'])) as unknown[][];
      const short = ranges.find((range) => range.length - 2 < 1 + this.replicas);
      if (short) return `${server.port}: CLUSTER SLOTS lists ${short.length - 3} replicas for slots ${String(short[0])}-${String(short[1])}`;
    }
    return '';
  }
}

export function startRedisCluster(options: RedisClusterOptions): Promise<RedisCluster> {
  return RedisCluster.start(options);
}

export function parseClusterNodes(text: string): ClusterNodeInfo[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [id = '', endpoint = '', flagText = '', master = '-', , , , link = '', ...slots] = line.split(' ');
      const address = endpoint.split('@')[0] ?? '';
      const flags = flagText.split(',');
      return {
        id,
        address,
        port: Number(address.slice(address.lastIndexOf(':') + 1)),
        role: flags.includes('master') ? 'master' : 'replica',
        failing: flags.includes('fail') || flags.includes('fail?'),
        masterId: master === '-' ? null : master,
        connected: link === 'connected',
        slotRanges: slots.filter((slot) => /^\d/.test(slot)),
      } satisfies ClusterNodeInfo;
    });
}

function inRange(slot: number, range: string): boolean {
  const [from, to = from] = range.split('-').map(Number) as [number, number?];
  return slot >= from && slot <= (to as number);
}

let redisCliPath: string | undefined;

/** Found once: the health wait calls redis-cli many times a second. */
function redisCliBinary(): string {
  return (redisCliPath ??= requireBinary('redis-cli', 'redis-tools'));
}

async function redisCli(server: RedisServer, args: string[]): Promise<string> {
  const { stdout } = await run(redisCliBinary(), ['-h', server.host, '-p', String(server.port), ...args], { timeout: 3000 });
  return stdout.trim();
}

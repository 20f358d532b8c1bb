/**
 * What the benchmarks run on: one nats-server (JetStream, file storage), one redis-server
 * (append-only; fsync everysec as deployed, or always with `--redis-fsync always`),
 * chat nodes as separate processes (the headless CLI), all on free loopback ports under a
 * temporary folder that is removed afterwards. Also the machine description and the file limit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startChatNode, type ChatNodeProcess } from '../../infrastructure/local/lib/chatNodes.js';
import { startNatsServer, type NatsHandle } from '../../infrastructure/local/lib/natsServers.js';
import { startRedisServer, type RedisServer } from '../../infrastructure/local/lib/redisServer.js';

export interface BenchEnvironment {
  stateDir: string;
  nats: NatsHandle;
  redis: RedisServer;
  natsUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

/**
 * `everysec` by default: what the product's deployments run (compose.yml, `npm run cluster:local`);
 * `always` (the failover tests' setting) makes every Redis round trip wait behind a blocking fsync.
 */
export async function startBackends(redisFsync: 'always' | 'everysec' = 'everysec'): Promise<BenchEnvironment> {
  const stateDir = mkdtempSync(join(os.tmpdir(), 'chat-bench-'));
  const nats = await startNatsServer({ stateDir: join(stateDir, 'nats') });
  let redis: RedisServer;
  try {
    redis = await startRedisServer({ stateDir: join(stateDir, 'redis'), appendfsync: redisFsync });
  } catch (error) {
    await nats.stop();
    throw error;
  }
  return {
    stateDir,
    nats,
    redis,
    natsUrl: nats.url,
    redisUrl: redis.url,
    async stop() {
      await redis.stop();
      await nats.stop();
      if (!process.env['KEEP_BENCH_STATE']) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export interface NodeStartOptions {
  maxConns?: number;
  idleTimeout?: string;
  logLevel?: string;
  extraArgs?: string[];
}

export async function startNodes(env: BenchEnvironment, count: number, prefix: string, options: NodeStartOptions = {}): Promise<ChatNodeProcess[]> {
  const nodes: ChatNodeProcess[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const node = await startChatNode({
        id: `${prefix}-${i}`,
        stateDir: env.stateDir,
        natsUrls: [env.natsUrl],
        redisUrl: env.redisUrl,
        registry: 'nats',
        logLevel: options.logLevel ?? 'warn',
        extraArgs: [
          '--max-conns', String(options.maxConns ?? 10_000),
          '--idle-timeout', options.idleTimeout ?? '0',
          '--max-outbound', '64MiB',
          ...(options.extraArgs ?? []),
        ],
        readyTimeoutMs: 60_000,
      });
      nodes.push(node);
    }
  } catch (error) {
    await stopNodes(nodes);
    throw error;
  }
  return nodes;
}

export async function stopNodes(nodes: ChatNodeProcess[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.process.stop(3000)));
}

/** VmRSS of a process, in bytes. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** CPU time (user + system) of a process so far, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / clockTicks();
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    ticksPerSecond = Number(out.stdout.trim()) || 100;
  }
  return ticksPerSecond;
}

/** The open-file limit of a process: [soft, hard]. */
export function fileLimit(pid: number): [number, number] {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const parts = line?.trim().split(/\s+/) ?? [];
  return [Number(parts[3]), Number(parts[4])];
}

/**
 * Raises a process's open-file limit to `wanted` (soft and hard) with prlimit(1); raising the hard
 * limit needs root (CAP_SYS_RESOURCE). Returns a line saying what was done or what is missing.
 */
export function raiseFileLimit(pid: number, wanted: number, label: string): string {
  const [soft, hard] = fileLimit(pid);
  if (soft >= wanted) return `${label}: open-file limit ${soft} already ≥ ${wanted}`;
  try {
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${wanted}:${Math.max(wanted, hard)}`], { stdio: 'pipe' });
    const [now] = fileLimit(pid);
    return `${label}: open-file limit raised ${soft} → ${now} (prlimit --pid ${pid} --nofile=${wanted}:${Math.max(wanted, hard)})`;
  } catch (error) {
    return `${label}: could not raise the open-file limit ${soft} (hard ${hard}) to ${wanted}: ${(error as Error).message.split('\n')[0]} — raising a hard limit needs root with CAP_SYS_RESOURCE (or a higher hard limit from the start: ulimit -Hn, limits.conf, docker --ulimit nofile=…)`;
  }
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  const version = (command: string, args: string[]) => {
    const out = spawnSync(command, args, { encoding: 'utf8' });
    return out.status === 0 ? out.stdout.trim().split('\n')[0] : 'not found';
  };
  return {
    hostname: os.hostname(),
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gib: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    nats_server: version('nats-server', ['--version']),
    redis_server: version('redis-server', ['--version']),
    loadavg_start: os.loadavg().map((value) => Math.round(value * 100) / 100),
    started_at: new Date().toISOString(),
  };
}

/** Busy and total CPU ticks of the whole machine so far (/proc/stat), to tell our load from everyone else's. */
export function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

/** Average busy cores of the machine between two machineTicks() readings. */
export function busyCores(before: { busy: number; total: number }, after: { busy: number; total: number }, cores: number): number {
  const total = after.total - before.total;
  return total > 0 ? Math.round(((after.busy - before.busy) / total) * cores * 100) / 100 : NaN;
}

/**
 * CPU per delivered message of each server process (`names` label the first entries of `cpuMs`,
 * in ms; the last entry is the load generator), and the rate the servers alone could carry on
 * this machine's cores if nothing else ran: a contention-free reading of a contended run.
 */
export function cpuPerMessage(names: string[], cpu: number[], delivered: number): Record<string, unknown> {
  if (delivered <= 0) return {};
  const perMessage: Record<string, number> = {};
  let servers = 0;
  names.forEach((name, i) => {
    const us = ((cpu[i] ?? 0) * 1000) / delivered;
    perMessage[name] = Math.round(us * 10) / 10;
    servers += us;
  });
  perMessage['load_generator'] = Math.round((((cpu[names.length] ?? 0) * 1000) / delivered) * 10) / 10;
  perMessage['servers_total'] = Math.round(servers * 10) / 10;
  return {
    cpu_us_per_msg: perMessage,
    cpu_bound_msgs_per_s: Math.round((os.cpus().length * 1_000_000) / servers),
  };
}

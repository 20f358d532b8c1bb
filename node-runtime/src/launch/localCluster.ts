/**
 * `--local-cluster`: one NATS server (JetStream on) and one Redis (append-only file on), each on a
 * free loopback port with its data in one temporary folder, started by the console and stopped
 * with it. The data folder is kept across kill/restart (that is the point of the Failover lab's
 * restart) and removed when the cluster stops.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { delimiter, join } from 'node:path';
import { freeLoopbackPort } from './loopbackPorts.js';
import { LocalServerProcess } from './localServerProcess.js';

export const LOCAL_CLUSTER_BINARIES = ['nats-server', 'redis-server'] as const;
export const LOCAL_CLUSTER_FIX = 'apt-get install nats-server redis-server';

/** The executable `name` on `path` (a PATH value), or null. */
export function findOnPath(name: string, path: string | undefined): string | null {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface LocalCluster {
  readonly nats: LocalServerProcess;
  readonly redis: LocalServerProcess;
  readonly natsUrl: string;
  readonly redisUrl: string;
  readonly dataDir: string;
  /** Stops both servers and removes the data folder. */
  stop(): Promise<void>;
}

/** Starts NATS and Redis; a failed start leaves nothing running. */
export async function startLocalCluster(options: { path: string | undefined; dataDir?: string }): Promise<LocalCluster> {
  const [natsBinary, redisBinary] = LOCAL_CLUSTER_BINARIES.map((name) => findOnPath(name, options.path));
  if (!natsBinary || !redisBinary) throw new Error(`--local-cluster needs nats-server and redis-server on PATH (${LOCAL_CLUSTER_FIX})`);
  const dataDir = options.dataDir ?? mkdtempSync(join(os.tmpdir(), 'chat-zinx-local-cluster-'));
  const [natsPort, redisPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const nats = new LocalServerProcess({
    id: 'nats-1',
    kind: 'nats',
    binary: natsBinary,
    port: natsPort,
    args: ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', join(dataDir, 'nats'), '-n', 'nats-1'],
    logFile: join(dataDir, 'logs', 'nats-1.log'),
  });
  const redis = new LocalServerProcess({
    id: 'redis-1',
    kind: 'redis',
    binary: redisBinary,
    port: redisPort,
    // Only the AOF: no RDB snapshots, so what survives a kill is exactly what the AOF kept.
    args: ['--bind', '127.0.0.1', '--port', String(redisPort), '--dir', dataDir, '--appendonly', 'yes', '--save', '', '--protected-mode', 'no'],
    logFile: join(dataDir, 'logs', 'redis-1.log'),
  });
  const stop = async (): Promise<void> => {
    await Promise.allSettled([nats.stop(3000), redis.stop(3000)]);
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.all([nats.start(), redis.start()]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { nats, redis, natsUrl: `nats://127.0.0.1:${natsPort}`, redisUrl: `redis://127.0.0.1:${redisPort}`, dataDir, stop };
}

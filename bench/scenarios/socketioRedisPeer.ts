/**
 * socketio-redis-peer: the same traffic as p2p-cross-node — same pairs, payload, window and
 * offered loads — through two Socket.IO 4 servers (separate processes, like the chat nodes)
 * joined by @socket.io/redis-adapter over the same redis-server. Senders on server A, receivers
 * on server B; a message counts once the sender's emit was acknowledged and it was delivered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { PairDriver, readMark } from '../lib/pairDriver.js';
import { runP2PPhases } from '../lib/p2pPhases.js';
import { cpuMs, cpuPerMessage, type BenchEnvironment } from '../lib/environment.js';
import type { Integrity } from '../lib/pairDriver.js';
import type { BenchSettings, ScenarioResult } from '../lib/settings.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function startServer(redisUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/socketioServer.ts', redisUrl], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /port=(\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`socket.io server exited with ${code}: ${seen}`)));
  });
  return { child, port };
}

function connectAs(port: number, user: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { user }, reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function socketioRedisPeer(env: BenchEnvironment, settings: BenchSettings): Promise<ScenarioResult> {
  const servers = [await startServer(env.redisUrl), await startServer(env.redisUrl)];
  const sockets: Socket[] = [];
  try {
    const senders: Socket[] = [];
    for (let pair = 0; pair < settings.pairs; pair++) {
      const receiver = await connectAs(servers[1]!.port, `r${pair}`);
      const sender = await connectAs(servers[0]!.port, `s${pair}`);
      senders.push(sender);
      sockets.push(receiver, sender);
      receiver.on('msg', (content: string) => {
        const mark = readMark(content, 0);
        if (mark) driver.delivered(mark.pair, mark.seq, mark.sentUs);
      });
    }
    // The rooms are joined on connection; let the adapter's subscriptions settle.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const driver: PairDriver = new PairDriver(
      {
        pairs: settings.pairs,
        acknowledged: true,
        send: (pair, seq, content) => {
          const sentUs = readMark(content, 0)!.sentUs;
          senders[pair]!.emit('msg', `r${pair}`, content, () => driver.acked(pair, seq, sentUs));
        },
      },
      settings.size,
    );
    const pids = [...servers.map((server) => server.child.pid!), env.redis.pid!, process.pid];
    const cpuBefore = pids.map(cpuMs);
    const started = Date.now();
    const figures = await runP2PPhases('socketio-redis-peer', driver, settings);
    const wall = Date.now() - started;
    const cpu = pids.map((pid, i) => cpuMs(pid) - cpuBefore[i]!);
    const share = (i: number) => Math.round((cpu[i]! / wall) * 100) / 100;
    return {
      name: 'socketio-redis-peer',
      status: 'ok',
      ...figures,
      cpu_cores: { server_a: share(0), server_b: share(1), redis: share(2), load_generator: share(3) },
      ...cpuPerMessage(['server_a', 'server_b', 'redis'], cpu, (figures['integrity'] as Integrity).delivered),
      path: 'websocket → Socket.IO A → Redis pub/sub (redis-adapter) → Socket.IO B → websocket; nothing stored',
    };
  } finally {
    for (const socket of sockets) socket.close();
    for (const server of servers) server.child.kill('SIGTERM');
  }
}

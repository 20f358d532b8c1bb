/**
 * A redis-server for the local scripts and the tests: a free (or given) port on loopback, its own
 * state directory and log file, ready once PING answers PONG (not merely once the port accepts:
 * while it loads its append-only file Redis answers -LOADING). Start, stop, kill -9 and restart
 * keep the port and the state directory, so with persistence a restart keeps the data.
 */
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { freePort } from './freePort.js';
import { ManagedProcess, requireBinary } from './managedProcess.js';

export interface RedisServerOptions {
  /** Where the append-only files go (created if missing). */
  stateDir: string;
  /** Default: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `<stateDir>/redis-server.log`. */
  logFile?: string;
  /**
   * true (default): `--appendonly yes` in stateDir, so a stop + start or a restart keeps the data.
   * false: nothing is written to disk and every start begins empty.
   */
  persistence?: boolean;
  /** With persistence: `always` survives kill -9 without losing acknowledged writes; default `everysec`. */
  appendfsync?: 'always' | 'everysec';
  /** How long start() waits for PING to answer. Default 10 s. */
  readyTimeoutMs?: number;
  /**
   * Cluster mode with this one server owning all 16384 slots: Redis then refuses (CROSSSLOT) any
   * script or MULTI whose keys span slots, which is how the tests prove the key layout is ready
   * for Redis Cluster. Clients still connect as to a single server.
   */
  cluster?: boolean;
  /** More `--option value` pairs for redis-server. */
  extraArgs?: string[];
}

export class RedisServer {
  readonly port: number;
  readonly host: string;
  readonly stateDir: string;
  readonly logFile: string;
  private readonly process: ManagedProcess;

  private constructor(options: RedisServerOptions & { port: number }) {
    this.port = options.port;
    this.host = options.host ?? '127.0.0.1';
    this.stateDir = options.stateDir;
    this.logFile = options.logFile ?? join(options.stateDir, 'redis-server.log');
    const persistence = options.persistence ?? true;
    const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
    const args = [
      '--port', String(this.port),
      '--bind', this.host,
      '--dir', this.stateDir,
      '--daemonize', 'no',
      '--logfile', '',
      '--save', '',
      '--appendonly', persistence ? 'yes' : 'no',
      ...(persistence ? ['--appendfsync', options.appendfsync ?? 'everysec'] : []),
      ...(options.cluster ? ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${this.port}.conf`] : []),
      ...(options.extraArgs ?? []),
    ];
    this.process = new ManagedProcess({
      name: `redis-server:${this.port}`,
      command: requireBinary('redis-server', 'redis-server'),
      args,
      logFile: this.logFile,
      ready: async () => {
        await waitForPong(this.port, this.host, readyTimeoutMs);
        if (options.cluster) await ownAllSlots(this.port, this.host, readyTimeoutMs);
      },
    });
  }

  /** Creates (does not start) a server; picks a free port unless one is given. */
  static async create(options: RedisServerOptions): Promise<RedisServer> {
    mkdirSync(options.stateDir, { recursive: true });
    const port = options.port ?? (await freePort(options.host ?? '127.0.0.1'));
    return new RedisServer({ ...options, port });
  }

  /** `redis://host:port` */
  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return this.process.running;
  }

  /** Starts the server and resolves once PING answers. */
  start(): Promise<void> {
    return this.process.start();
  }

  /** Graceful: SIGTERM (Redis flushes its append-only file), SIGKILL after `graceMs`. */
  stop(graceMs = 5000): Promise<void> {
    return this.process.stop(graceMs);
  }

  /** kill -9, as in a crash. */
  kill(): Promise<void> {
    return this.process.kill();
  }

  /** stop + start on the same port and state directory. */
  restart(): Promise<void> {
    return this.process.restart();
  }
}

/** Creates and starts a server in one call. */
export async function startRedisServer(options: RedisServerOptions): Promise<RedisServer> {
  const server = await RedisServer.create(options);
  await server.start();
  return server;
}

/** Resolves once `PING` on host:port answers `+PONG`; rejects after timeoutMs. */
export async function waitForPong(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const answer = await pingOnce(port, host, Math.max(100, Math.min(1000, deadline - Date.now())));
    if (answer === '+PONG') return;
    last = answer;
    if (Date.now() > deadline) throw new Error(`redis-server on ${host}:${port} does not answer PING after ${timeoutMs} ms (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Assigns every slot to this (single) cluster node unless done already, then waits for cluster_state:ok. */
async function ownAllSlots(port: number, host: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  if (!(await redisCommand(port, host, ['CLUSTER', 'INFO'], 1000)).includes('cluster_slots_assigned:16384')) {
    const reply = await redisCommand(port, host, ['CLUSTER', 'ADDSLOTSRANGE', '0', '16383'], 1000);
    if (reply !== '+OK') throw new Error(`redis-server on ${host}:${port}: CLUSTER ADDSLOTSRANGE answered ${reply}`);
  }
  while (!(await redisCommand(port, host, ['CLUSTER', 'INFO'], 1000)).includes('cluster_state:ok')) {
    if (Date.now() > deadline) throw new Error(`redis-server on ${host}:${port}: cluster_state is not ok after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** PING on a fresh connection: the reply line, or the error that prevented it. */
function pingOnce(port: number, host: string, timeoutMs: number): Promise<string> {
  return redisCommand(port, host, ['PING'], timeoutMs);
}

/**
 * One command on a fresh connection. Resolves with a status/error/integer reply line, or a bulk
 * reply's body; with the error text when the connection fails (it never rejects).
 */
function redisCommand(port: number, host: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    const socket = net.connect({ port, host });
    const finish = (result: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(`no reply within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => {
      socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n');
      if (end < 0) return;
      const line = received.subarray(0, end).toString('latin1');
      if (!line.startsWith('$')) return finish(line);
      const length = Number(line.slice(1));
      if (length < 0) return finish('');
      if (received.length >= end + 2 + length) finish(received.subarray(end + 2, end + 2 + length).toString('utf8'));
    });
    socket.once('error', (error) => finish(error.message));
    socket.once('close', () => finish(received.length === 0 ? 'connection closed' : received.toString('latin1')));
  });
}

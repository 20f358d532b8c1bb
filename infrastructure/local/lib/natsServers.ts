/**
 * nats-server from the installed binary, as the tests and the local scripts need it: one server
 * with JetStream, or a cluster of three (route-connected, JetStream clustered, names n1..n3) on
 * free loopback ports. Each server gets a config file, a store dir and a log file under
 * `stateDir/<name>/`; kill (-9), stop and restart keep its ports and store, as failover needs.
 *
 * Readiness: the client port accepts connections and the monitoring endpoint says JetStream is
 * up — `/healthz?js-enabled-only=true` for a single server, a known meta leader in `/jsz` for a
 * cluster member (so JetStream API calls work as soon as start resolves).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts, waitForPort } from './freePort.js';
import { ManagedProcess, requireBinary } from './managedProcess.js';

const HOST = '127.0.0.1';
const DEFAULT_READY_TIMEOUT_MS = 20_000;

export interface NatsServerOptions {
  /** Folder for config, store and log; created if missing. */
  stateDir: string;
  /** Default true. */
  jetstream?: boolean;
  /** Server name; default `n1`. */
  name?: string;
  /** Bound on waiting for readiness; default 20 s. */
  readyTimeoutMs?: number;
}

export interface NatsClusterOptions {
  stateDir: string;
  /** Number of servers; default 3 (JetStream needs a quorum: 3 tolerates one failure). */
  size?: number;
  /** Cluster name; default `chat-cluster`. */
  clusterName?: string;
  readyTimeoutMs?: number;
}

export interface NatsServerHandle {
  readonly name: string;
  /** `nats://127.0.0.1:<clientPort>` */
  readonly url: string;
  readonly clientPort: number;
  readonly monitorPort: number;
  /** Route port, for cluster members. */
  readonly clusterPort: number | undefined;
  readonly storeDir: string;
  readonly logFile: string;
  readonly configFile: string;
  readonly running: boolean;
  readonly pid: number | undefined;
  /** Starts it again after stop/kill (same ports, same store). */
  start(): Promise<void>;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
  /** kill -9, as in a crash. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** GET a monitoring endpoint (`/varz`, `/jsz`, `/healthz`…) and parse its JSON. */
  monitor(path: string): Promise<unknown>;
}

/** One server: the handle itself, plus the shape a cluster handle has (`urls`, `stopAll`). */
export interface NatsHandle extends NatsServerHandle {
  readonly urls: string[];
  stopAll(): Promise<void>;
}

export interface NatsClusterHandle {
  readonly clusterName: string;
  readonly servers: NatsServerHandle[];
  readonly urls: string[];
  server(name: string): NatsServerHandle;
  /** The meta leader's name as the running servers see it; waits until they agree on one. */
  waitForMetaLeader(timeoutMs?: number): Promise<string>;
  stopAll(): Promise<void>;
}

interface Ports {
  client: number;
  monitor: number;
  cluster?: number;
}

export async function startNatsServer(options: NatsServerOptions): Promise<NatsHandle> {
  const binary = requireBinary('nats-server', 'nats-server');
  const [client, monitor] = (await freePorts(2, HOST)) as [number, number];
  const server = new NatsServer(binary, options.stateDir, options.name ?? 'n1', { client, monitor }, {
    jetstream: options.jetstream ?? true,
    readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
  });
  await server.start();
  return Object.assign(server, {
    urls: [server.url],
    stopAll: () => server.stop(),
  });
}

export async function startNatsCluster(options: NatsClusterOptions): Promise<NatsClusterHandle> {
  const binary = requireBinary('nats-server', 'nats-server');
  const size = options.size ?? 3;
  if (!Number.isInteger(size) || size < 1) throw new Error(`cluster size must be a positive integer, got ${size}`);
  const clusterName = options.clusterName ?? 'chat-cluster';
  const ports = await freePorts(size * 3, HOST);
  const serverPorts: Ports[] = Array.from({ length: size }, (_, i) => ({
    client: ports[i * 3] as number,
    monitor: ports[i * 3 + 1] as number,
    cluster: ports[i * 3 + 2] as number,
  }));
  const routes = serverPorts.map((p) => `nats-route://${HOST}:${p.cluster}`);
  const servers = serverPorts.map(
    (p, i) =>
      new NatsServer(binary, options.stateDir, `n${i + 1}`, p, {
        jetstream: true,
        readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
        cluster: { name: clusterName, routes },
      }),
  );
  // All at once: a member is only ready once a quorum has elected a meta leader.
  const started = await Promise.allSettled(servers.map((server) => server.start()));
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await Promise.allSettled(servers.map((server) => server.kill()));
    throw failure.reason;
  }
  const handle: NatsClusterHandle = {
    clusterName,
    servers,
    urls: servers.map((server) => server.url),
    server: (name) => {
      const found = servers.find((server) => server.name === name);
      if (!found) throw new Error(`no server ${name} in ${clusterName} (have ${servers.map((s) => s.name).join(', ')})`);
      return found;
    },
    waitForMetaLeader: async (timeoutMs = DEFAULT_READY_TIMEOUT_MS) => {
      const running = servers.filter((server) => server.running);
      return pollUntil(timeoutMs, `a meta leader agreed by ${running.map((s) => s.name).join(', ')}`, async () => {
        const leaders = await Promise.all(running.map((server) => server.metaLeader()));
        const first = leaders[0];
        return first !== undefined && leaders.every((leader) => leader === first) ? first : undefined;
      });
    },
    stopAll: async () => {
      await Promise.allSettled(servers.map((server) => server.stop()));
    },
  };
  return handle;
}

interface ServerSettings {
  jetstream: boolean;
  readyTimeoutMs: number;
  cluster?: { name: string; routes: string[] };
}

class NatsServer implements NatsServerHandle {
  readonly url: string;
  readonly storeDir: string;
  readonly logFile: string;
  readonly configFile: string;
  private readonly process: ManagedProcess;

  constructor(
    binary: string,
    stateDir: string,
    readonly name: string,
    private readonly ports: Ports,
    private readonly settings: ServerSettings,
  ) {
    const dir = join(stateDir, name);
    this.url = `nats://${HOST}:${ports.client}`;
    this.storeDir = join(dir, 'jetstream');
    this.logFile = join(dir, 'nats-server.log');
    this.configFile = join(dir, 'nats-server.conf');
    mkdirSync(this.storeDir, { recursive: true });
    writeFileSync(this.configFile, this.config());
    this.process = new ManagedProcess({
      name: `nats-server ${name}`,
      command: binary,
      args: ['-c', this.configFile],
      logFile: this.logFile,
      ready: () => this.ready(),
    });
  }

  get clientPort(): number {
    return this.ports.client;
  }
  get monitorPort(): number {
    return this.ports.monitor;
  }
  get clusterPort(): number | undefined {
    return this.ports.cluster;
  }
  get running(): boolean {
    return this.process.running;
  }
  get pid(): number | undefined {
    return this.process.pid;
  }

  start(): Promise<void> {
    return this.process.start();
  }
  stop(): Promise<void> {
    return this.process.stop();
  }
  kill(): Promise<void> {
    return this.process.kill();
  }
  restart(): Promise<void> {
    return this.process.restart();
  }

  async monitor(path: string): Promise<unknown> {
    const response = await fetch(`http://${HOST}:${this.ports.monitor}${path}`, { signal: AbortSignal.timeout(2000) });
    const body = await response.text();
    if (!response.ok) throw new Error(`${this.name} ${path}: HTTP ${response.status} ${body.slice(0, 200)}`);
    return JSON.parse(body) as unknown;
  }

  /** The meta leader this server knows of, if any (undefined while unreachable or electing). */
  async metaLeader(): Promise<string | undefined> {
    try {
      const jsz = (await this.monitor('/jsz')) as { meta_cluster?: { leader?: string } };
      const leader = jsz.meta_cluster?.leader;
      return leader ? leader : undefined;
    } catch {
      return undefined;
    }
  }

  private async ready(): Promise<void> {
    const deadline = Date.now() + this.settings.readyTimeoutMs;
    const remaining = (): number => Math.max(1, deadline - Date.now());
    await waitForPort(this.ports.client, HOST, remaining());
    if (!this.settings.jetstream) return;
    const what = this.settings.cluster ? `${this.name}: a JetStream meta leader` : `${this.name}: JetStream healthy`;
    try {
      await pollUntil(remaining(), what, async () => {
        if (this.settings.cluster) return this.metaLeader();
        const health = (await this.monitor('/healthz?js-enabled-only=true').catch(() => undefined)) as { status?: string } | undefined;
        return health?.status === 'ok' ? true : undefined;
      });
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; see ${this.logFile}`);
    }
  }

  private config(): string {
    const lines = [
      `server_name: ${this.name}`,
      `listen: "${HOST}:${this.ports.client}"`,
      `http: "${HOST}:${this.ports.monitor}"`,
      'logtime: true',
    ];
    if (this.settings.jetstream) {
      lines.push(
        'jetstream {',
        `  store_dir: ${JSON.stringify(this.storeDir)}`,
        '  max_memory_store: 256MB',
        '  max_file_store: 8GB',
        '}',
      );
    }
    const cluster = this.settings.cluster;
    if (cluster && this.ports.cluster !== undefined) {
      const routes = cluster.routes.filter((route) => !route.endsWith(`:${this.ports.cluster}`));
      lines.push(
        'cluster {',
        `  name: ${cluster.name}`,
        `  listen: "${HOST}:${this.ports.cluster}"`,
        '  routes: [',
        ...routes.map((route) => `    "${route}"`),
        '  ]',
        '}',
      );
    }
    return lines.join('\n') + '\n';
  }
}

async function pollUntil<T>(timeoutMs: number, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

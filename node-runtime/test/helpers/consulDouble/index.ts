/**
 * An in-process Consul agent (single server, dev-mode style) that speaks the HTTP API subset of
 * ../shared/reference/consul-api-subset.md faithfully enough to test Consul clients without a
 * Consul binary: agent services and checks (TTL, real TCP/HTTP probes, maintenance, reaping),
 * health, catalog, KV, sessions and locks, status, blocking queries. Not modelled: ACLs (the
 * default-policy header is sent, tokens are ignored), multiple nodes or datacenters, and separate
 * agent/catalog state (one store; a restore rewinds the agent's services too).
 *
 * Start it on a free port, point a client at `url`, and drive failures: `setLeader(false)`,
 * `restoreSnapshot()` (indexes go backwards), `goDown()` / `comeBack()` (listener closed and
 * reopened on the same port), `setNodeHealth()` (serfHealth). Time: inject a ManualClock, and/or
 * scale Consul's constants with `timeScale` / `timing`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Agent } from './agent.js';
import { agentRoutes } from './agentEndpoints.js';
import type { LeaderState } from './blocking.js';
import { catalogRoutes } from './catalogEndpoints.js';
import { resolveTiming, systemClock, type Clock, type ConsulTiming } from './clock.js';
import { kvRoutes } from './kvEndpoints.js';
import { Router, type DelayRule, type RequestRecord } from './router.js';
import { sessionRoutes } from './sessionEndpoints.js';
import { Sessions } from './sessions.js';
import { ConsulState, type CheckStatus, type ConsulSnapshot } from './state.js';
import { statusRoutes } from './statusEndpoints.js';

export { ManualClock, CONSUL_TIMING, resolveTiming, systemClock, type Clock, type ConsulTiming } from './clock.js';
export type { ConsulSnapshot, CheckStatus } from './state.js';
export type { DelayRule, RequestRecord } from './router.js';

export interface ConsulDoubleOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  clock?: Clock;
  /** Multiplies Consul's built-in durations (1/200: a minute is 300 ms). Default 1. */
  timeScale?: number;
  /** Individual durations, applied after timeScale. */
  timing?: Partial<ConsulTiming>;
  nodeName?: string;
  datacenter?: string;
  /** X-Consul-Default-ACL-Policy. Default `allow`. */
  aclDefaultPolicy?: 'allow' | 'deny';
  /** For jitter and random probe offsets. Default Math.random. */
  random?: () => number;
}

export interface ConsulDouble {
  /** `http://127.0.0.1:<port>` (no /v1). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly clock: Clock;
  readonly timing: ConsulTiming;
  readonly state: ConsulState;
  /** Every request received (method, decoded path, raw query, time, status), oldest first. */
  readonly requests: RequestRecord[];
  clearRequests(): void;
  /** The current Raft index. */
  readonly index: number;
  readonly isDown: boolean;
  /** false: default-consistency reads and KV writes answer 500 `No cluster leader`; stale reads carry KnownLeader false. */
  setLeader(known: boolean): void;
  snapshot(): ConsulSnapshot;
  /** Rewinds every table and index to the snapshot; blocked queries answer at once with the lower index. */
  restoreSnapshot(snapshot: ConsulSnapshot): void;
  /** Forgets KV tombstones (a prefix's index may go backwards). */
  reapTombstones(): void;
  /** The node's serfHealth check (touches every service on the node). */
  setNodeHealth(status: CheckStatus, output?: string): void;
  /** A slow agent: matching replies are computed on arrival and delivered `ms` later. `clearDelays()` ends it. */
  delayResponses(rule: DelayRule): void;
  clearDelays(): void;
  /** Closes the listener and every open connection (Consul unreachable); state and timers keep running. */
  goDown(): Promise<void>;
  /** Listens again on the same port; `freshState` also resets everything to the state at start (agent restarted empty). */
  comeBack(options?: { freshState?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export const DOUBLE_VERSION = '1.20.0';

export async function startConsulDouble(options: ConsulDoubleOptions = {}): Promise<ConsulDouble> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const timing = resolveTiming(options.timeScale, options.timing);
  const random = options.random ?? Math.random;
  const aclPolicy = options.aclDefaultPolicy ?? 'allow';
  const state = new ConsulState({ id: randomUUID(), name: options.nodeName ?? 'consul-double', address: '127.0.0.1', datacenter: options.datacenter ?? 'dc1' });
  const initial = state.snapshot();
  const leader: LeaderState = { known: true, lostAt: 0 };
  const sessions = new Sessions({ state, clock, timing });
  const agent = new Agent({ state, clock, timing, random, onCheckLost: (checkId) => sessions.checkLost(checkId) });
  const env = { state, clock, timing, leader, random, agent, version: DOUBLE_VERSION };

  const router = new Router(() => aclPolicy);
  router.add(...agentRoutes(env), ...catalogRoutes(env), ...kvRoutes(env, sessions), ...sessionRoutes(env, sessions), ...statusRoutes(leader));
  const rewound = () => {
    agent.rearm();
    sessions.rearm();
  };

  const server = http.createServer((req, res) => void router.serve(req, res));
  let down = false;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const port = await listen(options.port ?? 0);

  return {
    url: `http://${host}:${port}`,
    host,
    port,
    clock,
    timing,
    state,
    requests: router.requests,
    clearRequests: () => void router.requests.splice(0),
    get index() {
      return state.index;
    },
    get isDown() {
      return down;
    },
    setLeader(known) {
      if (leader.known && !known) leader.lostAt = clock.now();
      leader.known = known;
    },
    snapshot: () => state.snapshot(),
    restoreSnapshot(snapshot) {
      state.restore(snapshot);
      rewound();
    },
    reapTombstones: () => state.reapTombstones(),
    delayResponses: (rule) => void router.delays.push({ ...rule }),
    clearDelays: () => void router.delays.splice(0),
    setNodeHealth: (status, output = status === 'passing' ? 'Agent alive and reachable' : 'Agent not live or unreachable') => agent.setNodeHealth(status, output),
    async goDown() {
      if (down) return;
      down = true;
      await close();
    },
    async comeBack(comeBackOptions = {}) {
      if (comeBackOptions.freshState) {
        state.restore(initial);
        rewound();
      }
      if (!down) return;
      await listen(port);
      down = false;
    },
    async stop() {
      agent.shutdown();
      sessions.shutdown();
      if (!down) await close();
      down = true;
    },
  };
}

/** `start({ port: 0 })`, as the double is usually called. */
export const start = startConsulDouble;

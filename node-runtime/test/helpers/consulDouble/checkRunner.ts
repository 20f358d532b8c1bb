/**
 * The timers behind checks (agent/checks/check.go): TTL checks expire to critical with
 * `TTL expired` (plus the last output), TCP and HTTP checks really probe their target every
 * Interval (first probe after a random part of it, floor minCheckIntervalMs), and the reaper runs
 * every reapIntervalMs. The runner only reports results; the Agent decides what they change.
 */
import net from 'node:net';
import type { Clock, ConsulTiming, Timer } from './clock.js';
import type { CheckRecord, CheckStatus } from './state.js';

export interface RunnerHooks {
  report(checkId: string, status: CheckStatus, output: string): void;
  reap(): void;
}

export interface RunnerEnv {
  clock: Clock;
  timing: ConsulTiming;
  random: () => number;
}

interface TtlState {
  timer: Timer | undefined;
  ttlMs: number;
  lastOutput: string;
}

export class CheckRunner {
  private readonly ttls = new Map<string, TtlState>();
  private readonly probes = new Map<string, { timer: Timer | undefined; stopped: boolean }>();
  private reaper: Timer | undefined;
  private stopped = false;

  constructor(
    private readonly env: RunnerEnv,
    private readonly hooks: RunnerHooks,
  ) {}

  /** Arms a check's timers (replacing any it had). */
  start(check: CheckRecord): void {
    this.stop(check.id);
    if (this.stopped) return;
    const def = check.definition;
    if (check.type === 'ttl' && def.ttlMs !== undefined) {
      const ttl: TtlState = { timer: undefined, ttlMs: def.ttlMs, lastOutput: '' };
      this.ttls.set(check.id, ttl);
      this.armTtl(check.id, ttl);
    } else if ((check.type === 'tcp' || check.type === 'http') && def.intervalMs !== undefined) {
      const interval = Math.max(def.intervalMs, this.env.timing.minCheckIntervalMs);
      const timeout = def.timeoutMs && def.timeoutMs > 0 ? def.timeoutMs : this.env.timing.defaultCheckTimeoutMs;
      const probe = { timer: undefined as Timer | undefined, stopped: false };
      this.probes.set(check.id, probe);
      const run = () => {
        const attempt = check.type === 'tcp' ? probeTcp(def.tcp ?? '', timeout) : probeHttp(def, timeout);
        void attempt.then(({ status, output }) => {
          if (probe.stopped) return;
          this.hooks.report(check.id, status, output);
          probe.timer = this.env.clock.schedule(interval, run);
        });
      };
      probe.timer = this.env.clock.schedule(this.env.random() * interval, run);
    }
  }

  /** A pass/warn/fail/update on a TTL check: remember its output and restart the timer. */
  ttlUpdated(checkId: string, output: string): void {
    const ttl = this.ttls.get(checkId);
    if (!ttl) return;
    ttl.lastOutput = output;
    this.armTtl(checkId, ttl);
  }

  stop(checkId: string): void {
    const ttl = this.ttls.get(checkId);
    ttl?.timer?.cancel();
    this.ttls.delete(checkId);
    const probe = this.probes.get(checkId);
    if (probe) {
      probe.stopped = true;
      probe.timer?.cancel();
      this.probes.delete(checkId);
    }
  }

  startReaper(): void {
    const tick = () => {
      if (this.stopped) return;
      this.hooks.reap();
      this.reaper = this.env.clock.schedule(this.env.timing.reapIntervalMs, tick);
    };
    this.reaper = this.env.clock.schedule(this.env.timing.reapIntervalMs, tick);
  }

  stopAll(): void {
    for (const id of [...this.ttls.keys(), ...this.probes.keys()]) this.stop(id);
  }

  shutdown(): void {
    this.stopped = true;
    this.stopAll();
    this.reaper?.cancel();
  }

  private armTtl(checkId: string, ttl: TtlState): void {
    ttl.timer?.cancel();
    ttl.timer = this.env.clock.schedule(ttl.ttlMs, () => {
      ttl.timer = undefined;
      const output = ttl.lastOutput === '' ? 'TTL expired' : `TTL expired (last output before timeout follows): ${ttl.lastOutput}`;
      this.hooks.report(checkId, 'critical', output);
    });
  }
}

/** A TCP dial, reported as Consul's TCP check does. */
export function probeTcp(target: string, timeoutMs: number): Promise<{ status: CheckStatus; output: string }> {
  const { host, port } = splitHostPort(target);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (status: CheckStatus, output: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status, output });
    };
    const timer = setTimeout(() => done('critical', `dial tcp ${target}: i/o timeout`), timeoutMs);
    timer.unref();
    socket.once('connect', () => done('passing', `TCP connect ${target}: Success`));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ECONNREFUSED' ? 'connect: connection refused' : error.message;
      done('critical', `dial tcp ${target}: ${reason}`);
    });
  });
}

async function probeHttp(def: CheckRecord['definition'], timeoutMs: number): Promise<{ status: CheckStatus; output: string }> {
  const url = def.http ?? '';
  const method = def.method || 'GET';
  try {
    const headers = Object.fromEntries(Object.entries(def.header ?? {}).map(([name, values]) => [name, values.join(', ')]));
    const response = await fetch(url, { method, headers, body: def.body || undefined, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    const text = (await response.text()).slice(0, 4096);
    const status: CheckStatus = response.status >= 200 && response.status < 300 ? 'passing' : response.status === 429 ? 'warning' : 'critical';
    return { status, output: `HTTP ${method} ${url}: ${response.status} ${response.statusText} Output: ${text}` };
  } catch (error) {
    return { status: 'critical', output: `${method} ${JSON.stringify(url)}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function splitHostPort(target: string): { host: string; port: number } {
  const match = /^\[(.+)\]:(\d+)$/.exec(target) ?? /^([^:]*):(\d+)$/.exec(target);
  return { host: match?.[1] || '127.0.0.1', port: Number(match?.[2] ?? 0) };
}

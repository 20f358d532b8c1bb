/**
 * Reads of server state (KV, catalog, health), as Consul's blockingquery.go serves them: parse
 * `wait` and `index` (400 `Invalid wait time` / `Invalid index`), refuse `?stale` with
 * `?consistent`, fail default-consistency reads without a leader, and block: with index absent or
 * 0 answer at once; otherwise re-run the query after every write until its index exceeds the
 * client's or the wait (default 5 min, capped at 10 min, plus up to wait/16 of jitter) runs out,
 * then answer 200 with the current result. A snapshot restore abandons blocked queries (they
 * answer at once with the restored, lower index). Index headers never carry 0.
 */
import type { Clock, ConsulTiming } from './clock.js';
import { GoParseError, parseGoDuration, parseGoUint } from './goValues.js';
import { HttpError, type Reply, type RequestContext } from './router.js';
import type { ConsulState } from './state.js';

export interface ReadResult {
  index: number;
  status?: number;
  json?: unknown;
  body?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface LeaderState {
  known: boolean;
  /** When the leader was lost (clock ms), for X-Consul-LastContact on stale reads. */
  lostAt: number;
}

export interface ReadEnv {
  state: ConsulState;
  clock: Clock;
  timing: ConsulTiming;
  leader: LeaderState;
  random: () => number;
}

interface ReadParams {
  minIndex: number;
  waitMs: number | undefined;
  consistency: 'leader' | 'consistent' | 'stale';
}

export function parseReadParams(query: URLSearchParams): ReadParams {
  let waitMs: number | undefined;
  const wait = query.get('wait') ?? '';
  if (wait !== '') {
    try {
      waitMs = parseGoDuration(wait);
    } catch (error) {
      if (error instanceof GoParseError) throw new HttpError(400, 'Invalid wait time');
      throw error;
    }
  }
  let minIndex = 0;
  const index = query.get('index') ?? '';
  if (index !== '') {
    try {
      minIndex = parseGoUint(index);
    } catch (error) {
      if (error instanceof GoParseError) throw new HttpError(400, 'Invalid index');
      throw error;
    }
  }
  const stale = query.has('stale');
  const consistent = query.has('consistent');
  if (stale && consistent) throw new HttpError(400, 'Cannot specify ?stale with ?consistent, conflicting semantics.');
  return { minIndex, waitMs, consistency: stale ? 'stale' : consistent ? 'consistent' : 'leader' };
}

/** Serves one blocking-capable read; `run` computes the result (and its index) from the current state. */
export async function serveRead(env: ReadEnv, ctx: RequestContext, run: () => ReadResult): Promise<Reply> {
  const params = parseReadParams(ctx.query);
  if (!env.leader.known && params.consistency !== 'stale') throw new HttpError(500, 'No cluster leader');

  let result = clampIndex(run());
  if (params.minIndex > 0 && result.index <= params.minIndex) {
    let timeout = params.waitMs === undefined || params.waitMs <= 0 ? env.timing.defaultWaitMs : params.waitMs;
    timeout = Math.min(timeout, env.timing.maxWaitMs);
    timeout += env.random() * (timeout / 16);
    const deadline = env.clock.now() + timeout;
    for (;;) {
      const woke = await nextChange(env, ctx.closed, deadline);
      result = clampIndex(run());
      if (woke !== 'change' || result.index > params.minIndex) break;
    }
  }

  const headers: Record<string, string> = {
    'X-Consul-Index': String(result.index),
    'X-Consul-KnownLeader': String(env.leader.known),
    'X-Consul-LastContact': String(env.leader.known ? 0 : Math.max(0, Math.round(env.clock.now() - env.leader.lostAt))),
    'X-Consul-Effective-Consistency': params.consistency,
    ...result.headers,
  };
  return { status: result.status ?? 200, json: result.json, body: result.body, contentType: result.contentType, headers };
}

function clampIndex(result: ReadResult): ReadResult {
  return result.index < 1 ? { ...result, index: 1 } : result;
}

type Wake = 'change' | 'timeout' | 'abandoned' | 'closed';

function nextChange(env: ReadEnv, closed: AbortSignal, deadline: number): Promise<Wake> {
  return new Promise((resolve) => {
    if (closed.aborted) return resolve('closed');
    const finish = (wake: Wake) => {
      unsubscribe();
      timer.cancel();
      closed.removeEventListener('abort', onClose);
      resolve(wake);
    };
    const unsubscribe = env.state.onChange((event) => finish(event.abandoned ? 'abandoned' : 'change'));
    const timer = env.clock.schedule(deadline - env.clock.now(), () => finish('timeout'));
    const onClose = () => finish('closed');
    closed.addEventListener('abort', onClose);
  });
}

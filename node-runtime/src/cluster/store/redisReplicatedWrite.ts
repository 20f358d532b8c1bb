/**
 * A script whose result the node acknowledges to a client (the P2P commit, the group message
 * commit), made to survive a Redis Cluster failover. Replication is asynchronous: a master can acknowledge a write and die before its
 * replica has it; the promoted replica then never had it, and the acked message is lost (worse, its
 * mailbox seq is handed out again). So on a Redis Cluster the script is pipelined with
 * `WAIT 1 <timeout>` on the same connection to the same master, and its result counts only once a
 * replica holds it: a node that then dies loses nothing that was acknowledged.
 *
 * - A shard whose master has no live replica (CLUSTER SLOTS lists none: just after a failover,
 *   until the old master returns as a replica) writes without waiting: refusing would stop every
 *   user on that shard, and no setting makes a single copy survive a second failure anyway.
 * - WAIT answering 0 while the slot map still shows a replica: the map is re-read once (the replica
 *   may just have failed); if it still shows one, NotReplicatedError — the sender is not acked and
 *   retries with the same client_msg_id, which the script deduplicates (and re-propagates).
 * - The pipeline is ours, so are its redirections: ioredis re-sends a pipeline only when no
 *   command in it succeeded, and WAIT always "succeeds" (on whichever node got it). A script refused
 *   with MOVED/ASK/TRYAGAIN/CLUSTERDOWN did not run, so it is sent again after the slot map is
 *   re-read, for up to `REDIRECT_BUDGET_MS` (a failover bounces writes for a few seconds).
 * - One server (not a cluster): the script runs alone, as before.
 */
import type { ChainableCommander } from 'ioredis';
import { ChatError } from '../../common/errors.js';
import type { RedisClient, RedisConnection } from './redisConnection.js';
import { assertOneSlot, type RedisScript } from './redisScript.js';
import { keySlot } from './redisSlot.js';

const REDIRECT_BUDGET_MS = 8000;
const REDIRECT_PAUSE_MS = 100;
/** Refusals that mean the script did not run on that node (the cluster spec's redirections and retryable states). */
const NOT_RUN = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN) /;

/** A write that no replica confirmed within the timeout: not acknowledged, safe to retry. */
export class NotReplicatedError extends ChatError {
  override readonly name = 'NotReplicatedError';
  constructor(script: string, timeoutMs: number) {
    super('REDIS_NOT_REPLICATED', `${script}: no Redis replica confirmed the write within ${timeoutMs} ms; not acknowledged, retry`);
  }
}

export async function runReplicated(
  connection: RedisConnection,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
  timeoutMs: number,
): Promise<unknown> {
  const watch = connection.cluster;
  const first = keys[0];
  if (!watch || first === undefined) return script.run(connection.client, keys, args);
  assertOneSlot(script.name, keys);
  const slot = keySlot(first);
  if (watch.replicasOfSlot(slot) === 0) return script.run(connection.client, keys, args);
  const deadline = Date.now() + REDIRECT_BUDGET_MS;
  let outcome: { reply: unknown; replicas: number };
  for (;;) {
    try {
      outcome = await scriptThenWait(connection.client, script, keys, args, timeoutMs);
      break;
    } catch (error) {
      if (!(error instanceof Error) || !NOT_RUN.test(error.message) || Date.now() > deadline) throw error;
      await watch.refresh();
      if (watch.replicasOfSlot(slot) === 0) return script.run(connection.client, keys, args);
      await new Promise((resolve) => setTimeout(resolve, REDIRECT_PAUSE_MS));
    }
  }
  const { reply, replicas } = outcome;
  if (replicas >= 1) return reply;
  await watch.refresh();
  if (watch.replicasOfSlot(slot) === 0) return reply;
  throw new NotReplicatedError(script.name, timeoutMs);
}

/** EVALSHA (EVAL if the server lacks the script) then WAIT, pipelined: one master, one connection, in order. */
async function scriptThenWait(
  client: RedisClient,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
  timeoutMs: number,
): Promise<{ reply: unknown; replicas: number }> {
  let results = await exec(client.pipeline().evalsha(script.sha, keys.length, ...keys, ...args).wait(1, timeoutMs));
  if (results[0]?.[0]?.message.includes('NOSCRIPT')) {
    results = await exec(client.pipeline().eval(script.lua, keys.length, ...keys, ...args).wait(1, timeoutMs));
  }
  const [[scriptError, reply] = [null, null], [waitError, replicas] = [null, 0]] = results;
  if (scriptError) throw scriptError;
  // The write ran but its replication is unknown (e.g. the master died before answering WAIT).
  if (waitError) throw waitError;
  return { reply, replicas: Number(replicas) };
}

async function exec(pipeline: ChainableCommander): Promise<Array<[Error | null, unknown]>> {
  const results = await pipeline.exec();
  if (!results) throw new Error('pipeline aborted');
  return results;
}

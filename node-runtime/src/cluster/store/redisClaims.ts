/**
 * Unique values (username, email, uuid, group name) as claims in a global index hash: HSETNX
 * value → id. A claim is taken for a record that already exists in state 'pending' and becomes
 * meaningful when that record commits ('active'). A claim whose owner is gone (rolled back), was
 * abandoned, or has been pending for longer than `staleMs` (its creator died between steps) is
 * stale and is taken over with a compare-and-set, so a failed registration never blocks a name
 * for good. The owner's commit and its abandonment are both one script on the owner's slot, so
 * exactly one of them wins.
 */
import type { RedisClient } from './redisConnection.js';
import { ChatScripts } from './redisChatScripts.js';

export interface ClaimTarget {
  /** The global index hash, e.g. `idx:username`. */
  index: string;
  /** The unique value (a hash field, never a key). */
  value: string;
  /** The id that wants it. */
  id: number;
  /** The record hash of an owner id (to judge whether its claim is stale). */
  recordOf: (ownerId: number) => string;
}

/** Claims `target.value` for `target.id`. Returns false when a live record owns it. */
export async function claimValue(client: RedisClient, target: ClaimTarget, staleMs: number): Promise<boolean> {
  const id = String(target.id);
  for (let attempt = 0; attempt < 4; attempt++) {
    const owner = await ChatScripts.claimIndex.run(client, [target.index], [target.value, id]);
    if (owner === id) return true;
    const ownerId = Number(owner);
    if (Number.isSafeInteger(ownerId) && ownerId > 0) {
      const state = await ChatScripts.abandonIfStale.run(client, [target.recordOf(ownerId)], [staleMs]);
      // A live owner (committed, or still being created by someone else) keeps it.
      if (state === 'active' || state === 'pending') return false;
    }
    // Missing or abandoned owner (or a value this store never writes): take it over, if nobody else did meanwhile.
    if ((await ChatScripts.replaceIndex.run(client, [target.index], [target.value, String(owner), id])) === 1) return true;
  }
  return false;
}

/** Gives a claim back, only if it is still this id's. */
export async function releaseValue(client: RedisClient, index: string, value: string, id: number): Promise<void> {
  await ChatScripts.releaseIndex.run(client, [index], [value, String(id)]);
}

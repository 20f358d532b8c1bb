/**
 * Sessions and KV locks (reference §8.2, §9): create with defaults (this node, serfHealth,
 * 15 s lock-delay, release), TTL between session_ttl_min and 24 h, LockDelay numbers below 1000
 * meaning seconds, invalidation on destroy, after 2 × TTL without renew, or when a bound check
 * turns critical or disappears; `release` clears the lock on held keys (ModifyIndex bumped,
 * LockIndex kept), `delete` deletes them, and either way a lock-delay (≤ 60 s) refuses new
 * acquisitions of those keys for a while.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, ConsulTiming, Timer } from './clock.js';
import { durationField, formatGoDuration, GoParseError, parseGoDuration } from './goValues.js';
import { HttpError } from './router.js';
import { parseJsonBody } from './serviceDefinition.js';
import type { ConsulState, SessionRecord, Table } from './state.js';

const TTL_MAX_MS = 24 * 3_600_000;
const LOCK_DELAY_MAX_MS = 60_000;
const DEFAULT_LOCK_DELAY_MS = 15_000;
/** Session TTLs are enforced at twice their value (Consul's ttl multiplier). */
const TTL_MULTIPLIER = 2;

export interface SessionEnv {
  state: ConsulState;
  clock: Clock;
  timing: ConsulTiming;
}

export function renderSession(session: SessionRecord): Record<string, unknown> {
  return {
    ID: session.id,
    Name: session.name,
    Node: session.node,
    LockDelay: Math.round(session.lockDelayMs * 1e6),
    Behavior: session.behavior,
    TTL: session.ttl,
    NodeChecks: [...session.nodeChecks],
    ServiceChecks: session.serviceChecks ? session.serviceChecks.map((check) => ({ ...check })) : null,
    CreateIndex: session.createIndex,
    ModifyIndex: session.modifyIndex,
  };
}

export class Sessions {
  private readonly timers = new Map<string, Timer>();

  constructor(private readonly env: SessionEnv) {}

  private get state(): ConsulState {
    return this.env.state;
  }

  create(body: Buffer): string {
    const raw = body.length === 0 ? {} : parseJsonBody(body);
    const fields = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const pick = (name: string) => {
      const entry = Object.entries(fields).find(([key]) => key.toLowerCase() === name.toLowerCase());
      return entry ? { value: entry[1] } : undefined;
    };
    const text = (name: string) => (typeof pick(name)?.value === 'string' ? (pick(name)?.value as string) : '');

    const node = text('Node') || this.state.node.name;
    const checksGiven = pick('Checks') ?? pick('NodeChecks');
    const nodeChecks = checksGiven ? (Array.isArray(checksGiven.value) ? checksGiven.value.map(String) : []) : ['serfHealth'];
    const serviceChecksRaw = pick('ServiceChecks')?.value;
    const serviceChecks = Array.isArray(serviceChecksRaw)
      ? serviceChecksRaw.map((check) => ({ ID: String((check as Record<string, unknown>)['ID'] ?? '') }))
      : null;

    let lockDelayMs = DEFAULT_LOCK_DELAY_MS;
    const lockDelay = pick('LockDelay')?.value;
    if (lockDelay !== undefined && lockDelay !== null) {
      try {
        // FixupLockDelay: a value below 1000 ns is taken as seconds (`15` means 15 s).
        let ns = (durationField(lockDelay, 'SessionRequest.LockDelay') ?? 0) * 1e6;
        if (ns < 1000) ns *= 1e9;
        lockDelayMs = ns / 1e6;
      } catch (error) {
        if (error instanceof GoParseError) throw new HttpError(400, `Request decode failed: ${error.message}`);
        throw error;
      }
    }

    const behavior = text('Behavior') || 'release';
    if (behavior !== 'release' && behavior !== 'delete') throw new HttpError(500, `Invalid Behavior setting '${behavior}'`);

    const ttl = text('TTL');
    let ttlMs = 0;
    if (ttl !== '') {
      try {
        ttlMs = parseGoDuration(ttl);
      } catch (error) {
        throw new HttpError(500, `Session TTL '${ttl}' invalid: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (ttlMs !== 0 && (ttlMs < this.env.timing.sessionTtlMinMs || ttlMs > TTL_MAX_MS)) {
        throw new HttpError(500, `Invalid Session TTL '${Math.round(ttlMs * 1e6)}', must be between [${formatGoDuration(this.env.timing.sessionTtlMinMs)}=${formatGoDuration(TTL_MAX_MS)}]`);
      }
    }

    if (node !== this.state.node.name) throw new HttpError(500, 'Missing node registration');
    for (const checkId of [...nodeChecks, ...(serviceChecks ?? []).map((check) => check.ID)]) {
      const check = this.state.checks.get(checkId);
      if (!check) throw new HttpError(500, `Missing check '${checkId}' registration`);
      if (check.synced.status === 'critical') throw new HttpError(500, `Check '${checkId}' is in critical state`);
    }

    const id = randomUUID();
    this.state.write((index) => {
      this.state.mutable.sessions.set(id, {
        id, name: text('Name'), node, lockDelayMs, behavior, ttl, ttlMs, nodeChecks, serviceChecks, createIndex: index, modifyIndex: index,
      });
      return { tables: ['sessions'] };
    });
    this.arm(id);
    return id;
  }

  /** Resets the TTL; 404 for an unknown (or already invalidated) session. Not a Raft write. */
  renew(id: string): SessionRecord {
    const session = this.state.sessions.get(id);
    if (!session) throw new HttpError(404, `Session id '${id}' not found`);
    this.arm(id);
    return session;
  }

  invalidate(id: string): void {
    const session = this.state.sessions.get(id);
    if (!session) return;
    this.timers.get(id)?.cancel();
    this.timers.delete(id);
    const until = this.env.clock.now() + Math.min(session.lockDelayMs, LOCK_DELAY_MAX_MS);
    this.state.write((index) => {
      const { sessions, kv, tombstones, lockDelays } = this.state.mutable;
      sessions.delete(id);
      const tables: Table[] = ['sessions'];
      for (const entry of [...kv.values()]) {
        if (entry.session !== id) continue;
        if (session.lockDelayMs > 0) lockDelays.set(entry.key, until);
        if (session.behavior === 'delete') {
          kv.delete(entry.key);
          tombstones.set(entry.key, index);
          tables.push('kvs', 'tombstones');
        } else {
          entry.session = undefined;
          entry.modifyIndex = index;
          tables.push('kvs');
        }
      }
      return { tables };
    });
  }

  /** A check turned critical or was removed: sessions bound to it are invalidated. */
  checkLost(checkId: string): void {
    for (const session of [...this.state.sessions.values()]) {
      if (session.nodeChecks.includes(checkId) || session.serviceChecks?.some((check) => check.ID === checkId)) this.invalidate(session.id);
    }
  }

  /** `?acquire=<session>`: the lock rules of kvsLockTxn. */
  acquire(key: string, sessionId: string, value: Buffer, flags: number): boolean {
    if (!this.state.sessions.has(sessionId)) throw new HttpError(500, `invalid session ${JSON.stringify(sessionId)}`);
    const delayedUntil = this.state.lockDelays.get(key);
    if (delayedUntil !== undefined && this.env.clock.now() < delayedUntil) return false;
    const existing = this.state.kv.get(key);
    if (existing?.session && existing.session !== sessionId) return false;
    this.state.write((index) => {
      this.state.mutable.kv.set(key, {
        key, value: Buffer.from(value), flags, session: sessionId,
        lockIndex: existing?.session === sessionId ? existing.lockIndex : (existing?.lockIndex ?? 0) + 1,
        createIndex: existing?.createIndex ?? index, modifyIndex: index,
      });
      this.state.mutable.tombstones.delete(key);
      return { tables: ['kvs'] };
    });
    return true;
  }

  /** `?release=<session>`: only the holder releases; the value is written, LockIndex kept. */
  release(key: string, sessionId: string, value: Buffer, flags: number): boolean {
    const existing = this.state.kv.get(key);
    if (!existing || existing.session !== sessionId) return false;
    this.state.write((index) => {
      this.state.mutable.kv.set(key, { ...existing, value: Buffer.from(value), flags, session: undefined, modifyIndex: index });
      return { tables: ['kvs'] };
    });
    return true;
  }

  /** After a snapshot restore: TTL timers follow the restored sessions. */
  rearm(): void {
    this.shutdown();
    for (const id of this.state.sessions.keys()) this.arm(id);
  }

  shutdown(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  private arm(id: string): void {
    const session = this.state.sessions.get(id);
    this.timers.get(id)?.cancel();
    this.timers.delete(id);
    if (!session || session.ttlMs <= 0) return;
    this.timers.set(id, this.env.clock.schedule(session.ttlMs * TTL_MULTIPLIER, () => this.invalidate(id)));
  }
}

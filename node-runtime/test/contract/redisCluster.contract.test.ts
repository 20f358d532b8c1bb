/**
 * The ChatStore and PresenceStore contracts against a real Redis Cluster — 6 redis-server
 * processes (3 masters, 3 replicas) on free ports, created with `redis-cli --cluster create` —
 * through ioredis' Cluster client (`--redis` with several seeds). The change feed crosses shards:
 * a presence change is published on its user's master and heard by a subscriber on any node.
 *
 * It also audits the key layout's claim (redisKeys.ts): every command the suites send is recorded
 * as ioredis routes it, and every script and every MULTI/pipeline must touch ONE hash slot,
 * computed independently with `cluster-key-slot` (the library ioredis itself routes with). The
 * servers would refuse a cross-slot script with CROSSSLOT anyway; the audit also proves every
 * script of the stores was exercised here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Cluster } from 'ioredis';
import { startRedisCluster, type RedisCluster } from '../../../infrastructure/local/lib/redisCluster.js';
import { connectRedisChatStore } from '../../src/cluster/store/redisChatStore.js';
import { connectRedisPresenceStore } from '../../src/cluster/presence/redisPresenceStore.js';
import { ChatScripts } from '../../src/cluster/store/redisChatScripts.js';
import { PresenceScripts } from '../../src/cluster/presence/redisPresenceScripts.js';
import { keySlot } from '../../src/cluster/store/redisSlot.js';
import { chatStoreContract } from './chatStore.contract.js';
import { presenceStoreContract } from './presenceStore.contract.js';

const calculateSlot = createRequire(import.meta.url)('cluster-key-slot') as (key: string) => number;

/** One command as the Cluster client sent it; pipelined commands share their `batch` object. */
interface SentCommand {
  name: string;
  args: unknown[];
  keys: string[];
  batch: object | null;
}

const sent: SentCommand[] = [];
type SendCommand = (this: Cluster, command: { name: string; args: unknown[]; getKeys(): Array<string | Buffer> }, stream?: object & { isPipeline?: boolean }, node?: unknown) => unknown;
const proto = Cluster.prototype as unknown as { sendCommand: SendCommand };
const originalSend = proto.sendCommand;
proto.sendCommand = function (command, stream, node) {
  sent.push({ name: command.name, args: command.args, keys: command.getKeys().map(String), batch: stream?.isPipeline ? stream : null });
  return originalSend.call(this, command, stream, node);
};

let cluster: RedisCluster | undefined;
let stateDir = '';

before(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'czc-redis-cluster-contract-'));
  cluster = await startRedisCluster({ stateDir, persistence: false });
}, { timeout: 60_000 });

after(async () => {
  proto.sendCommand = originalSend;
  await cluster?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

function seeds(): string {
  if (!cluster) throw new Error('the Redis Cluster did not start');
  return cluster.url;
}

chatStoreContract('redis cluster', async () => {
  const store = await connectRedisChatStore({ url: seeds(), readyTimeoutMs: 10_000 });
  return { store, cleanup: () => store.close() };
});

presenceStoreContract('redis cluster', async () => {
  const presence = await connectRedisPresenceStore({ url: seeds(), readyTimeoutMs: 10_000 });
  return { presence, cleanup: () => presence.close() };
});

test('key layout: every script and every MULTI/pipeline the suites sent touched one hash slot, and every script ran', () => {
  const scripts = [...Object.values(ChatScripts), ...Object.values(PresenceScripts)];
  const used = new Set<string>();
  const batches = new Map<object, SentCommand[]>();
  let checked = 0;
  for (const command of sent) {
    if (command.batch) batches.set(command.batch, [...(batches.get(command.batch) ?? []), command]);
    if (command.name !== 'evalsha' && command.name !== 'eval') continue;
    const body = String(command.args[0]);
    const script = scripts.find((candidate) => candidate.sha === body || candidate.lua === body);
    assert.ok(script, `a script the stores do not declare was sent: ${body.slice(0, 60)}`);
    used.add(script.name);
    assert.ok(command.keys.length > 0, `${script.name} was sent without KEYS`);
    const slots = new Set(command.keys.map(calculateSlot));
    assert.equal(slots.size, 1, `${script.name} touched ${slots.size} slots: ${command.keys.join(' ')}`);
    checked++;
  }
  let multis = 0;
  for (const batch of batches.values()) {
    const keys = batch.flatMap((command) => command.keys);
    const slots = new Set(keys.map(calculateSlot));
    assert.ok(slots.size <= 1, `a ${batch.map((c) => c.name).join('/')} batch touched ${slots.size} slots: ${keys.join(' ')}`);
    if (batch.some((command) => command.name === 'multi')) multis++;
  }
  // presenceUnlock only runs when a reaper fails half-way (a Redis error while cleaning a dead node).
  const unused = scripts.map((script) => script.name).filter((name) => !used.has(name) && name !== 'presenceUnlock');
  assert.deepEqual(unused, [], 'scripts the contract suites never ran on the cluster');
  assert.ok(checked > 100 && multis > 10, `enough traffic audited: ${checked} scripts, ${multis} MULTIs`);
  // The store's own slot function agrees with the library's on everything that was sent.
  for (const key of new Set(sent.flatMap((command) => command.keys))) assert.equal(keySlot(key), calculateSlot(key), key);
});

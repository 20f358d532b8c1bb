/**
 * Presence reads of one tick in one command (redisPresenceLookups.ts), against real redis-servers:
 * a plain one (one script for the lot, each caller its own answer) and one in cluster mode reached
 * through a single-server URL (the batch is refused with CROSSSLOT; every caller still gets its answer).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scriptCalls } from '../helpers/redisCommandStats.js';
import { startRedisServer, type RedisServer } from '../../../infrastructure/local/lib/redisServer.js';
import { connectRedisPresenceStore, type RedisPresenceStore } from '../../src/cluster/presence/redisPresenceStore.js';

let plain: RedisServer | undefined;
let clustered: RedisServer | undefined;
let stateDir = '';
const stores: RedisPresenceStore[] = [];

before(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'czc-presence-lookups-'));
  [plain, clustered] = await Promise.all([
    startRedisServer({ stateDir: join(stateDir, 'plain'), persistence: false }),
    startRedisServer({ stateDir: join(stateDir, 'cluster'), persistence: false, cluster: true }),
  ]);
});

after(async () => {
  for (const store of stores) await store.close();
  await plain?.stop();
  await clustered?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

async function open(server: RedisServer | undefined): Promise<RedisPresenceStore> {
  if (!server) throw new Error('redis-server did not start');
  const store = await connectRedisPresenceStore({ url: server.url, readyTimeoutMs: 5000 });
  stores.push(store);
  return store;
}


async function seed(store: RedisPresenceStore): Promise<void> {
  for (let user = 1; user <= 30; user++) await store.setOnline(user, user % 2 === 0 ? 'node-even' : 'node-odd');
  await store.setOnline(3, 'node-even');
}

function expected(user: number): string[] {
  if (user > 30) return [];
  if (user === 3) return ['node-even', 'node-odd'];
  return [user % 2 === 0 ? 'node-even' : 'node-odd'];
}

test('lookups of one tick go out as one script, each caller gets its own user', async () => {
  const store = await open(plain);
  await seed(store);
  await store.nodesOf(1); // loads the script
  await Promise.all([store.nodesOf(1), store.nodesOf(2)]);
  const before = await scriptCalls((plain as RedisServer).url);
  const users = Array.from({ length: 40 }, (_, index) => index + 1);
  const answers = await Promise.all(users.map((user) => store.nodesOf(user)));
  assert.equal((await scriptCalls((plain as RedisServer).url)) - before, 1);
  assert.deepEqual(answers.map((nodes) => [...nodes].sort()), users.map(expected));
});

test('a cluster-mode server refuses the batch; the lookups are answered one by one instead', async () => {
  const store = await open(clustered);
  await seed(store);
  const users = Array.from({ length: 40 }, (_, index) => index + 1);
  for (let round = 0; round < 2; round++) {
    const answers = await Promise.all(users.map((user) => store.nodesOf(user)));
    assert.deepEqual(answers.map((nodes) => [...nodes].sort()), users.map(expected));
  }
});

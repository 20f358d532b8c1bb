/**
 * The ChatStore and PresenceStore contracts against a real redis-server (no persistence), started
 * on a free port for this file and always stopped. It runs in cluster mode owning every slot, so
 * any script or MULTI whose keys span hash slots fails with CROSSSLOT (ready for Redis Cluster).
 * Each test gets fresh connections; the suites use unique ids, names and node ids, so they share
 * the one server. The chat store runs a second time on a plain (non-cluster) server: there the
 * messages of one event-loop turn commit in one cross-slot script (redisDirectBatch.ts).
 */
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, type RedisServer } from '../../../infrastructure/local/lib/redisServer.js';
import { connectRedisChatStore } from '../../src/cluster/store/redisChatStore.js';
import { connectRedisPresenceStore } from '../../src/cluster/presence/redisPresenceStore.js';
import { chatStoreContract } from './chatStore.contract.js';
import { presenceStoreContract } from './presenceStore.contract.js';

let server: RedisServer | undefined;
let plainServer: RedisServer | undefined;
let stateDir = '';

before(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'czc-redis-contract-'));
  server = await startRedisServer({ stateDir, persistence: false, cluster: true });
  plainServer = await startRedisServer({ stateDir: join(stateDir, 'plain'), persistence: false });
});

after(async () => {
  await server?.stop();
  await plainServer?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

function url(which: RedisServer | undefined = server): string {
  if (!which) throw new Error('redis-server did not start');
  return which.url;
}

chatStoreContract('redis', async () => {
  const store = await connectRedisChatStore({ url: url(), readyTimeoutMs: 5000 });
  return { store, cleanup: () => store.close() };
});

chatStoreContract('redis (one server, batched P2P commits)', async () => {
  const store = await connectRedisChatStore({ url: url(plainServer), readyTimeoutMs: 5000 });
  return { store, cleanup: () => store.close() };
});

presenceStoreContract('redis', async () => {
  const presence = await connectRedisPresenceStore({ url: url(), readyTimeoutMs: 5000 });
  return { presence, cleanup: () => presence.close() };
});

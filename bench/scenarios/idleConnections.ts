/**
 * idle-connections: `idleConnections` authenticated, idle connections on one node (default idle
 * timeout, 180 s), opened by client processes (bench/idleClients.ts, a few thousand sockets each)
 * from several loopback source addresses (127.0.0.2 …) so no one address runs out of ephemeral
 * ports; the node's file limit is raised with prlimit where needed and allowed (printed, and the
 * count is capped at what the limit allows, with the reason in the result).
 * RSS per connection = (node VmRSS after − before) / connections. Logins per second: with users
 * whose stored hash has a tiny scrypt cost (measures the node), and with the default cost
 * (scrypt N=2^14, r=8: measures the KDF on this machine's cores).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { RawClient } from '../lib/rawClient.js';
import { fileLimit, raiseFileLimit, rssBytes, startNodes, stopNodes, type BenchEnvironment } from '../lib/environment.js';
import { PASSWORD, Seeder, inBatches } from '../lib/seed.js';
import type { BenchSettings, ScenarioResult } from '../lib/settings.js';
import { say } from '../lib/settings.js';
import { sleep } from '../lib/stats.js';

const LOGIN_CONCURRENCY = 256;
/** Descriptors kept free on the node beyond its own and the connections (log files, a reconnect…). */
const SPARE_FILES = 16;
/** Client sockets per load process: well under a process's RLIMIT_NOFILE. */
const CONNECTIONS_PER_CLIENT_PROCESS = 8000;
const root = fileURLToPath(new URL('../../', import.meta.url));

export async function idleConnections(env: BenchEnvironment, settings: BenchSettings): Promise<ScenarioResult> {
  const requested = settings.idleConnections;
  const defaultCostSample = settings.quick ? 8 : 32;
  const seeder = await Seeder.open(env.redisUrl);
  const users = await seeder.users('idle', requested);
  const slowUsers = await seeder.users('idle-kdf', defaultCostSample, { defaultCost: true, concurrency: 4 });
  await seeder.close();
  const [node] = await startNodes(env, 1, 'idle', { maxConns: requested + defaultCostSample + 100, idleTimeout: '180s' });
  const pid = node!.process.pid!;
  await sleep(500);
  const ownFiles = readdirSync(`/proc/${pid}/fd`).length;
  // The node needs a descriptor per connection plus its own (listeners, NATS, Redis, stdio…).
  const wantedFiles = requested + defaultCostSample + ownFiles + SPARE_FILES;
  const actions = [raiseFileLimit(pid, wantedFiles, 'chat node')];
  const [nodeSoft] = fileLimit(pid);
  const count = Math.min(requested, nodeSoft - ownFiles - SPARE_FILES - defaultCostSample);
  const bound =
    count < requested
      ? `the chat node may hold ${nodeSoft} descriptors (RLIMIT_NOFILE, hard limit here; raising it needs CAP_SYS_RESOURCE, which this container lacks) and uses ${ownFiles} itself (+${defaultCostSample} for the default-cost login sample): ${requested} connections need about ${wantedFiles}`
      : null;
  for (const line of actions) say(`idle-connections: ${line}`);
  if (bound) say(`idle-connections: measuring ${count} connections, not ${requested}: ${bound}`);
  const sources = Array.from({ length: settings.sourceAddresses }, (_, i) => `127.0.0.${i + 2}`);
  const processes = Math.ceil(count / CONNECTIONS_PER_CLIENT_PROCESS);
  say(`idle-connections: ${count} connections from ${processes} client process(es), source addresses ${sources.join(', ')} (at most ${Math.ceil(count / sources.length)} per address)`);
  const children: ChildProcess[] = [];
  try {
    await sleep(1500);
    const rssBefore = rssBytes(pid);
    const started = performance.now();
    const perChild = Math.ceil(count / processes);
    await Promise.all(
      Array.from({ length: processes }, async (_, i) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'bench/idleClients.ts'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        const reply = once(child, 'message');
        child.send({ port: node!.port, usernames: users.slice(i * perChild, Math.min(count, (i + 1) * perChild)).map((user) => user.username), password: PASSWORD, sources, concurrency: LOGIN_CONCURRENCY / processes });
        const [message] = (await reply) as [{ ok: boolean; error?: string }];
        if (!message.ok) throw new Error(`idle client process ${i}: ${message.error}`);
      }),
    );
    const loginSeconds = (performance.now() - started) / 1000;
    say(`idle-connections: ${count} logins in ${loginSeconds.toFixed(1)} s`);
    await sleep(3000);
    const rssAfter = rssBytes(pid);

    // Then the default-cost logins (scrypt's 16 MiB each would have inflated the RSS baseline).
    const slowClients: RawClient[] = [];
    const slowStarted = performance.now();
    await inBatches(slowUsers.length, slowUsers.length, async (i) => {
      const client = await RawClient.connect(node!.port);
      slowClients.push(client);
      await client.login(slowUsers[i]!.username, PASSWORD);
    });
    const slowSeconds = (performance.now() - slowStarted) / 1000;
    for (const client of slowClients) client.close();

    return {
      name: 'idle-connections',
      status: 'ok',
      throughput_msgs_per_s: null,
      p50_ms: null,
      p99_ms: null,
      p999_ms: null,
      connections: count,
      connections_requested: requested,
      ...(bound ? { connections_bound: bound } : {}),
      rss_bytes_per_conn: Math.round((rssAfter - rssBefore) / count),
      rss_before_bytes: rssBefore,
      rss_after_bytes: rssAfter,
      logins_per_s: Math.round(count / loginSeconds),
      logins_per_s_default_scrypt: Math.round((slowUsers.length / slowSeconds) * 10) / 10,
      login_concurrency: LOGIN_CONCURRENCY,
      client_processes: processes,
      source_addresses: sources,
      file_limits: { chat_node: fileLimit(pid), node_own_descriptors: ownFiles, actions },
      note: 'logins_per_s: users seeded with a scrypt N=16 hash (the node verifies at the stored cost); logins_per_s_default_scrypt: N=2^14, r=8 (the KDF bounds it)',
    };
  } finally {
    for (const child of children) {
      if (child.connected) child.send('close');
    }
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : Promise.resolve())));
    await stopNodes([node!]);
  }
}

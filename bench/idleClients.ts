/**
 * A child process of the idle-connections scenario: opens and logs in a slice of the idle
 * connections (one process may hold only so many sockets: RLIMIT_NOFILE), reports over IPC, then
 * keeps them open until told to close. Input (first IPC message):
 * { port, usernames, password, sources, concurrency }; replies { ok, seconds } or { ok: false, error }.
 */
import { performance } from 'node:perf_hooks';
import { RawClient } from './lib/rawClient.js';
import { inBatches } from './lib/seed.js';

interface Job {
  port: number;
  usernames: string[];
  password: string;
  sources: string[];
  concurrency: number;
}

const clients: RawClient[] = [];
process.once('message', (message) => {
  const job = message as Job;
  const started = performance.now();
  inBatches(job.usernames.length, job.concurrency, async (i) => {
    const client = await RawClient.connect(job.port, '127.0.0.1', job.sources[i % job.sources.length]);
    clients.push(client);
    await client.login(job.usernames[i]!, job.password);
  }).then(
    () => process.send!({ ok: true, seconds: (performance.now() - started) / 1000 }),
    (error: unknown) => process.send!({ ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
  process.on('message', (next) => {
    if (next === 'close') {
      for (const client of clients) client.close();
      process.exit(0);
    }
  });
});
process.on('disconnect', () => process.exit(0));

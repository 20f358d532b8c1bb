/** `npm run web` as a user runs it: one URL line, a working console behind it, flags, errors and signals. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RawClient } from '../helpers/rawClient.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function startWeb(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'node-runtime/cli/webMain.ts', ...args], { cwd: repoRoot, env: { ...process.env } });
}

function collect(child: ChildProcessWithoutNullStreams): { output: () => string; exited: Promise<number | null> } {
  let seen = '';
  child.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { output: () => seen, exited };
}

async function waitForLine(output: () => string, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('npm run web', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`prints one ready-to-open URL line, serves the console, and ${signal} stops everything with exit 0`, async () => {
      const child = startWeb(['--port', '0', '--node-port', '0', '--nodes', '2', '--log-level', 'warn']);
      const { output, exited } = collect(child);
      try {
        const match = await waitForLine(output, /^Console ready \(embedded sandbox, 2 nodes\): open (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]{64}))$/m);
        const [, url, port, token] = match as unknown as [string, string, string, string];
        assert.equal(output().split('\n').filter((line) => line.includes('?token=')).length, 1, 'one URL line');
        const page = await fetch(url);
        assert.ok([200, 503].includes(page.status), `the page answers, UI built or not (${page.status})`);
        await page.arrayBuffer();
        const call = await fetch(`http://127.0.0.1:${port}/api/call/getOverview`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: 'null' });
        assert.equal(call.status, 200);
        const overview = (await call.json()) as { nodes: Array<{ id: string; port: number; health: string; stats: unknown }> };
        assert.deepEqual(overview.nodes.map((node) => [node.id, node.health, node.stats !== null]), [['node-1', 'passing', true], ['node-2', 'passing', true]]);
        const client = await RawClient.connect(overview.nodes[0]!.port);
        assert.equal((await client.request(1, 'ping', 2)).body.toString(), 'pong');
        child.kill(signal);
        assert.equal(await exited, 0, output());
        await client.closed;
        await assert.rejects(fetch(url), 'the web port is closed');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });
  }

  test('a bad flag is an error naming it, exit status 2; --help is truthful', async () => {
    const bad = startWeb(['--nodes', 'many']);
    const badRun = collect(bad);
    assert.equal(await badRun.exited, 2);
    assert.match(badRun.output(), /error: --nodes: "many" is not a whole number/);
    const help = startWeb(['--help']);
    const helpRun = collect(help);
    assert.equal(await helpRun.exited, 0);
    for (const flag of ['--port', '--host', '--read-only', '--nodes', '--node-port', '--nats', '--redis']) assert.match(helpRun.output(), new RegExp(`  ${flag}\\b`), flag);
  });
});

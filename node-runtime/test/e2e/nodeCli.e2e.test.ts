/** The headless node as a user runs it: `npm run node -- …`, its listening line, flags, errors and signals. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RawClient } from '../helpers/rawClient.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const nodeMain = 'node-runtime/cli/nodeMain.ts';

function startCli(args: string[], options: { viaNpm?: boolean; env?: Record<string, string> } = {}): ChildProcessWithoutNullStreams {
  const [command, commandArgs] = options.viaNpm
    ? ['npm', ['run', '--silent', 'node', '--', ...args]]
    : [process.execPath, ['--import', 'tsx', nodeMain, ...args]];
  // npm runs in its own process group, like a terminal job, so a test can signal the whole group as Ctrl-C does.
  return spawn(command, commandArgs as string[], { cwd: repoRoot, env: { ...process.env, ...options.env }, detached: options.viaNpm === true });
}

/** Collects output until a line matches, or fails with everything seen so far. */
function waitForLine(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const line = seen.split('\n').find((candidate) => pattern.test(candidate));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

async function finish(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('npm run node', () => {
  test('prints one "listening" line with host and port, serves clients, and stops cleanly on Ctrl-C', async () => {
    const child = startCli(['--port', '0', '--id', 'cli-node'], { viaNpm: true });
    const line = await waitForLine(child, /listening/);
    assert.match(line, /event=listening node=cli-node host=127\.0\.0\.1 port=\d+/);
    const port = Number(/port=(\d+)/.exec(line)?.[1]);
    const client = await RawClient.connect(port);
    assert.equal((await client.request(1, 'ping', 2)).body.toString(), 'pong');
    const exited = finish(child);
    process.kill(-(child.pid as number), 'SIGINT');
    const { stdout } = await exited;
    assert.match(stdout, /event=signal signal=SIGINT/);
    assert.match(stdout, /event=stopped/);
    await client.closed;
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} stops the node with exit code 0; environment variables configure it`, async () => {
      const child = startCli([], { env: { CHAT_PORT: '0', CHAT_NODE_ID: 'env-node', CHAT_LOG_LEVEL: 'debug' } });
      const line = await waitForLine(child, /listening/);
      assert.match(line, /node=env-node/);
      const exited = finish(child);
      child.kill(signal);
      const { code, stdout } = await exited;
      assert.equal(code, 0);
      assert.match(stdout, new RegExp(`event=signal signal=${signal}`));
      assert.match(stdout, /event=stopped/);
    });
  }

  test('--help lists every flag with its environment variable', async () => {
    const { code, stdout } = await finish(startCli(['--help']));
    assert.equal(code, 0);
    for (const flag of ['--id', '--host', '--port', '--max-frame', '--idle-timeout', '--max-conns', '--max-outbound', '--log-level']) {
      assert.ok(stdout.includes(flag), `help mentions ${flag}`);
    }
    assert.match(stdout, /CHAT_PORT/);
  });

  test('bad values and unknown flags exit 2 with an error that names the flag', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--port', 'ninety'], /--port: "ninety" is not a whole number/],
      [['--port', '70000'], /--port: 70000 is out of range/],
      [['--idle-timeout', 'soon'], /--idle-timeout: "soon" is not a duration/],
      [['--max-frame', '8 potatoes'], /--max-frame: .* is not a size/],
      [['--log-level', 'loud'], /--log-level: "loud" is not a log level/],
      [['--id', 'bad id!'], /--id: "bad id!" is not a node id/],
      [['--max-conns'], /--max-conns: needs a value/],
      [['--colour', 'blue'], /--colour: unknown option/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = await finish(startCli(args));
      assert.equal(code, 2, `exit code for ${args.join(' ')}`);
      assert.match(stderr, pattern);
    }
    const { code, stderr } = await finish(startCli([], { env: { CHAT_MAX_CONNS: 'lots' } }));
    assert.equal(code, 2);
    assert.match(stderr, /CHAT_MAX_CONNS: "lots" is not a whole number/);
  });

  test('a port in use gives an error naming --port and exit 1', async () => {
    const first = startCli(['--port', '0']);
    const port = Number(/port=(\d+)/.exec(await waitForLine(first, /listening/))?.[1]);
    const { code, stderr } = await finish(startCli(['--port', String(port)]));
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use: pick another with --port`));
    first.kill('SIGTERM');
    await once(first, 'exit');
  });
});

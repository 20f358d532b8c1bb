/** The terminal client against a real node, driven through a pipe as a script would: every command family. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestNode, uniqueName, type TestNode } from '../helpers/testNode.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function runClient(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'client', '--', ...args], { cwd: repoRoot, env: { ...process.env, CHAT_SERVER: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

describe('npm run client against a real node', () => {
  let node: TestNode;
  before(async () => {
    node = await startTestNode();
  });
  after(async () => {
    await node.stop();
  });

  test('register, login, send to self, history, relations, a group life cycle, ping', async () => {
    const name = uniqueName('cli');
    const group = uniqueName('clig');
    const script = [
      `/register ${name} pw ${name}@x.test`,
      `/login ${name} pw`,
      `/send ${name} hello me`,
      `/history ${name}`,
      '/relations',
      `/group create ${group} a test group`,
      '/group list',
      '/gsend 1 hi group',
      '/ghistory 1',
      '/ping',
      '/nonsense',
      '/quit',
    ].join('\n');
    const { code, stdout, stderr } = await runClient(['--server', `127.0.0.1:${node.port}`], script + '\n');
    assert.equal(code, 0, `stderr: ${stderr}\nstdout: ${stdout}`);
    assert.match(stdout, new RegExp(`registered ${name}: id=\\d+ uuid=[0-9a-f-]{36}`));
    assert.match(stdout, new RegExp(`logged in as ${name}`));
    assert.match(stdout, /\[from [0-9a-f-]{36} #1\] hello me/, 'the push to self, with its seq');
    assert.match(stdout, /history with .*: 1 message\(s\)\n.*hello me/);
    assert.match(stdout, /chat peers: 1/);
    assert.match(stdout, new RegExp(`group created: id=1 name="${group}" members=1`));
    assert.match(stdout, /#1 \[.*\] .*: hi group/);
    assert.match(stdout, /pong in [\d.]+ ms/);
    assert.match(stdout, /unknown command \/nonsense: type \/help/);
  });

  test('an unreachable server exits 1 with a message naming the address', async () => {
    const { code, stderr, stdout } = await runClient(['--server', '127.0.0.1:1'], '/quit\n');
    assert.equal(code, 1);
    assert.match(stderr + stdout, /127\.0\.0\.1:1/);
  });
});

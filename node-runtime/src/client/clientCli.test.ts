/** The terminal client driven through a pipe, as a script or a test would use it. */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startConsulDouble } from '../../test/helpers/consulDouble/index.js';
import { loadToMeta } from '../cluster/registry/nodeLoad.js';
import { MsgId } from '../protocol/messageIds.js';
import { FakeChatServer, parse, userUuid } from './testSupport/fakeChatServer.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function runCli(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'node-runtime/cli/clientMain.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, CHAT_SERVER: '', CHAT_REGISTRY_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

const servers: FakeChatServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function scriptedServer(extensions = true): Promise<FakeChatServer> {
  const server = await FakeChatServer.start({
    extensions,
    handler(frame, conn) {
      const body = parse(frame.body);
      switch (frame.id) {
        case MsgId.LoginReq:
          conn.send(MsgId.LoginResp, { code: 0, msg: '登录成功', data: { id: 7, user_uuid: userUuid('alice'), username: 'alice', email: '', avatar: '', last_login: '2025-01-01T00:00:00Z', token: 't' } });
          conn.send(MsgId.TextMsg, { from_user_id: userUuid('bob'), to_user_id: 'alice', content: 'hello from bob', sent_at: '0001-01-01T00:00:00Z', ...(conn.extended ? { msg_id: 'x1', seq: 1 } : {}) });
          return true;
        case MsgId.CreateGroupReq:
          conn.send(MsgId.CreateGroupResp, { id: 5, name: body['name'], owner_user_id: 7, description: body['description'], avatar: '', member_count: 1, created_at: '2025-01-01 00:00:00' });
          return true;
        case MsgId.GetGroupMembersReq:
          conn.send(MsgId.GetGroupMembersResp, { group_id: 5, total: 1, members: [{ member_id: 1, user_id: 7, user_uuid: userUuid('alice'), username: 'alice', role: 'owner', joined_at: '2025-01-01T00:00:00Z', is_online: true }] });
          return true;
        case MsgId.JoinGroupReq:
          conn.send(MsgId.JoinGroupResp, { error: '加入群组失败: group not found' });
          return true;
        case MsgId.GroupTextMsgReq:
          conn.send(MsgId.GroupTextMsgPush, { group_id: 5, from_user_id: 8, from_user_uuid: userUuid('carol'), from_username: 'carol', content: 'hi back', timestamp: 1 });
          conn.send(MsgId.GroupTextMsgResp, { msg_id: 'g1', status: 0, ...(body['client_msg_id'] ? { client_msg_id: body['client_msg_id'] } : {}) });
          return true;
        case MsgId.GroupHistoryMsgReq:
          conn.send(MsgId.GroupHistoryMsgResp, { group_id: 5, has_more: true, messages: [{ id: 12, msg_id: 'g1', sender_id: 7, sender_uuid: 'u', sender_name: 'alice', content: 'hi all', message_type: 'text', timestamp: 1735689600 }] });
          return true;
        case MsgId.HistoryMsgReq:
          conn.send(MsgId.HistoryMsgResp, { code: 0, message: '成功', data: [{ from_user_id: '8', content: 'old one', timestamp: 1735689600 }] });
          return true;
        default:
          return false;
      }
    },
  });
  servers.push(server);
  return server;
}

describe('clientMain (piped)', () => {
  test('runs commands in order, prints replies and pushes, exits 0 at end of input', async () => {
    const server = await scriptedServer();
    const input = [
      '/login alice pw',
      '/send bob hello   world',
      '/group create club we read',
      '/group members 5',
      '/group join 99',
      '/gsend 5 hi all',
      '/ghistory 5',
      '/history bob 10',
      '/bogus',
      '/group join',
      '/ping',
    ].join('\n');
    const { code, stdout, stderr } = await runCli(['--server', server.address], input);
    assert.equal(code, 0, stderr);
    const expected = [
      `* connected to ${server.address} (extensions: ack, sync)`,
      `logged in as alice (id=7 uuid=${userUuid('alice')})`,
      `[from ${userUuid('bob')} #1] hello from bob`,
      'sent to bob (msg_id=m-1)',
      'group created: id=5 name="club" members=1',
      'group 5: 1 member(s)',
      `  user 7 alice owner online uuid=${userUuid('alice')}`,
      'error: 加入群组失败: group not found',
      '[group 5] carol: hi back',
      'sent to group 5 (msg_id=g1)',
      'group 5 history: 1 message(s), newest first',
      '  more: /ghistory 5 12',
      'history with bob: 1 message(s)',
      'unknown command /bogus: type /help',
      'usage: /group join <id>',
    ];
    let at = -1;
    for (const line of expected) {
      const found = stdout.split('\n').indexOf(line, at + 1);
      assert.ok(found > at, `expected line in order: ${JSON.stringify(line)}\n--- output ---\n${stdout}`);
      at = found;
    }
    assert.match(stdout, /\npong in [\d.]+ ms\n/);
    assert.deepEqual(parse(server.framesWithId(MsgId.CreateGroupReq)[0]?.body ?? Buffer.alloc(0)), { name: 'club', description: 'we read' });
    assert.equal(parse(server.framesWithId(MsgId.TextMsg)[0]?.body ?? Buffer.alloc(0))['content'], 'hello   world');
    assert.deepEqual(parse(server.framesWithId(MsgId.HistoryMsgReq)[0]?.body ?? Buffer.alloc(0)), { target_username: 'bob', limit: 10 });
  });

  test('--no-ext speaks plain chat-zinx', async () => {
    const server = await scriptedServer();
    const { code, stdout } = await runCli(['--server', server.address, '--no-ext'], '/login alice pw\n/send bob hi\n/sync\n/ping\n');
    assert.equal(code, 0);
    assert.match(stdout, /\(legacy protocol\)/);
    assert.match(stdout, /\[from [0-9a-f-]+\] hello from bob\n/);
    assert.match(stdout, /sent to bob \(legacy protocol: no delivery receipt\)/);
    assert.match(stdout, /error: the "sync" extension is not available: extensions are off/);
    assert.ok(server.frames.every((f) => f.id < 1000), 'no extension frames');
  });

  test('a bad flag names the flag and exits 2; an unreachable server exits 1', async () => {
    const bad = await runCli(['--serverz', 'x'], '');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--serverz/);
    const down = await runCli(['--server', '127.0.0.1:1'], '/ping\n');
    assert.equal(down.code, 1);
    assert.match(down.stdout, /could not connect to any server \(127\.0\.0\.1:1: connection refused\)/);
  });

  test('--registry consul://… connects to the least-loaded passing node; a bad address exits 2', async () => {
    const consul = await startConsulDouble();
    try {
      const [busy, idle] = [await scriptedServer(), await scriptedServer()];
      for (const [id, server, connections] of [['busy', busy, 80], ['idle', idle, 5]] as const) {
        const meta = loadToMeta({ connections, maxConnections: 1000, connectsPerSec: 0, msgsPerSec: 0, at: Date.now() });
        const response = await fetch(`${consul.url}/v1/agent/service/register`, {
          method: 'PUT',
          body: JSON.stringify({ ID: id, Name: 'chat-server', Address: '127.0.0.1', Port: Number(server.address.split(':')[1]), Meta: meta }),
        });
        assert.equal(response.status, 200);
      }
      const { code, stdout } = await runCli(['--registry', consul.url.replace('http:', 'consul:')], '/ping\n');
      assert.equal(code, 0);
      assert.match(stdout, new RegExp(`\\* connected to ${idle.address.replace(/\./g, '\\.')} `));
      assert.equal(busy.connections.length, 0);
    } finally {
      await consul.stop();
    }
    const bad = await runCli(['--registry', 'http://127.0.0.1:8500'], '');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--registry: "http:\/\/127\.0\.0\.1:8500" is not a registry address/);
  });
});

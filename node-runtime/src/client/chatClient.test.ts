import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { ExtMsgId, MsgId } from '../protocol/messageIds.js';
import { ChatClient, type ChatClientOptions } from './chatClient.js';
import type { ChatClientEvents } from './clientEvents.js';
import {
  ConnectionClosedError,
  NotConnectedError,
  RequestRejectedError,
  RequestTimeoutError,
} from './clientErrors.js';
import { FakeChatServer, parse, userUuid } from './testSupport/fakeChatServer.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(...args: Parameters<typeof FakeChatServer.start>): Promise<FakeChatServer> {
  const server = await FakeChatServer.start(...args);
  cleanups.push(() => server.close());
  return server;
}

function makeClient(options: ChatClientOptions): ChatClient {
  const client = new ChatClient({ requestTimeoutMs: 1000, heartbeatMs: false, reconnect: false, ...options });
  cleanups.push(() => client.close());
  return client;
}

/** Records every event with its argument, in order. */
function record(client: ChatClient) {
  const events: { name: keyof ChatClientEvents; arg: unknown }[] = [];
  const names: (keyof ChatClientEvents)[] = ['connected', 'disconnected', 'reconnecting', 'loggedIn', 'text', 'groupText', 'notification', 'error'];
  for (const name of names) client.on(name, (arg: unknown) => events.push({ name, arg }));
  return {
    events,
    of<K extends keyof ChatClientEvents>(name: K) {
      return events.filter((e) => e.name === name).map((e) => e.arg as ChatClientEvents[K][0]);
    },
  };
}

/** A port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

const push = (seq: number, content = `m${seq}`) => ({
  from_user_id: userUuid('bob'),
  to_user_id: 'alice',
  content,
  sent_at: '2025-01-01T00:00:00Z',
  msg_id: `id-${seq}`,
  seq,
});

const until = async (predicate: () => boolean, what: string, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('ChatClient requests and replies', () => {
  test('replies are matched per response id even with pushes interleaved', async () => {
    const server = await startServer({
      handler(frame, conn) {
        if (frame.id === MsgId.HistoryMsgReq) {
          conn.send(MsgId.TextMsg, push(1, 'before history reply'));
          conn.send(MsgId.HistoryMsgResp, { code: 0, message: '成功', data: [{ from_user_id: '3', content: 'old', timestamp: 1 }] });
          return true;
        }
        if (frame.id === MsgId.ChatRelationReq) {
          conn.send(MsgId.GroupTextMsgPush, { group_id: 5, from_user_id: 3, from_user_uuid: 'u3', from_username: 'carol', content: 'hi', timestamp: 1 });
          conn.send(9999, { surprise: true });
          conn.send(MsgId.ChatRelationResp, { code: 0, message: '成功', data: ['3'] });
          return true;
        }
        return false;
      },
    });
    const client = makeClient({ servers: [server.address] });
    const seen = record(client);
    await client.connect();
    assert.deepEqual(client.extensions, ['ack', 'sync']);
    await client.login({ username: 'alice', password: 'pw' });

    const [history, relations] = await Promise.all([client.history({ targetUsername: 'bob', limit: 5 }), client.relations()]);
    assert.equal(history.data?.[0]?.content, 'old');
    assert.deepEqual(relations.data, ['3']);
    assert.deepEqual(seen.of('text').map((t) => t.content), ['before history reply']);
    assert.deepEqual(seen.of('groupText').map((g) => `${g.from_username}: ${g.content}`), ['carol: hi']);
    assert.deepEqual(seen.of('notification').map((n) => [n.id, n.body]), [[9999, { surprise: true }]]);

    const historyReq = parse(server.framesWithId(MsgId.HistoryMsgReq)[0]?.body ?? Buffer.alloc(0));
    assert.deepEqual(historyReq, { target_username: 'bob', limit: 5 }, 'exact snake_case keys, absent fields left out');
  });

  test('group requests send snake_case bodies and return the reply body', async () => {
    const server = await startServer({
      handler(frame, conn) {
        const replies: Record<number, [number, object]> = {
          [MsgId.CreateGroupReq]: [MsgId.CreateGroupResp, { id: 5, name: 'g', owner_user_id: 7, description: 'd', avatar: '', member_count: 1, created_at: '2025-01-01 00:00:00' }],
          [MsgId.SetMemberRoleReq]: [MsgId.SetMemberRoleResp, { error: '设置成员角色失败: group not found' }],
          [MsgId.GroupHistoryMsgReq]: [MsgId.GroupHistoryMsgResp, { group_id: 5, messages: [], has_more: false }],
        };
        const reply = replies[frame.id];
        if (!reply) return false;
        conn.send(...reply);
        return true;
      },
    });
    const client = makeClient({ servers: [server.address] });
    await client.connect();
    const created = await client.createGroup({ name: 'g', description: 'd' });
    assert.equal('id' in created && created.id, 5);
    const role = await client.setMemberRole(5, 9, 'admin');
    assert.deepEqual(role, { error: '设置成员角色失败: group not found' });
    await client.groupHistory(5, { lastId: 10, limit: 20 });
    const bodies = [MsgId.CreateGroupReq, MsgId.SetMemberRoleReq, MsgId.GroupHistoryMsgReq].map((id) => parse(server.framesWithId(id)[0]?.body ?? Buffer.alloc(0)));
    assert.deepEqual(bodies, [
      { name: 'g', description: 'd' },
      { group_id: 5, target_user_id: 9, new_role: 'admin' },
      { group_id: 5, last_id: 10, limit: 20 },
    ]);
    await assert.rejects(client.joinGroup(-1), RequestRejectedError, 'ids are checked before they reach the wire');
  });

  test('a request with no reply times out; its late reply does not answer the next request', async () => {
    let held: (() => void) | undefined;
    const server = await startServer({
      handler(frame, conn) {
        if (frame.id !== MsgId.GetGroupMembersReq) return false;
        const groupId = parse(frame.body)['group_id'];
        const reply = () => conn.send(MsgId.GetGroupMembersResp, { group_id: groupId, members: [], total: 0 });
        if (groupId === 1) held = reply;
        else reply();
        return true;
      },
    });
    const client = makeClient({ servers: [server.address], requestTimeoutMs: 100 });
    await client.connect();
    const started = Date.now();
    await assert.rejects(client.groupMembers(1), (error: unknown) => {
      assert.ok(error instanceof RequestTimeoutError);
      assert.match(error.message, /GetGroupMembersReq \(222\): no reply within 100 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 400);
    held?.(); // the late reply for group 1 arrives now, before the reply for group 2
    const second = await client.groupMembers(2);
    assert.ok(!('error' in second) && second.group_id === 2);
  });

  test('pending requests are rejected when the connection closes; later requests fail at once', async () => {
    const server = await startServer({ handler: (frame) => frame.id === MsgId.GetGroupDetailsReq });
    const client = makeClient({ servers: [server.address] });
    await client.connect();
    const pending = client.groupDetails(3);
    await server.waitUntil(() => server.framesWithId(MsgId.GetGroupDetailsReq).length === 1);
    server.dropAll();
    await assert.rejects(pending, ConnectionClosedError);
    await until(() => !client.connected, 'disconnect');
    const started = Date.now();
    await assert.rejects(client.ping(), NotConnectedError);
    assert.ok(Date.now() - started < 50, 'no silent queueing');
  });

  test('close() rejects what is pending and a never-connected client rejects at once', async () => {
    const server = await startServer({ handler: (frame) => frame.id === MsgId.GetUserGroupsReq });
    const client = makeClient({ servers: [server.address], reconnect: { initialDelayMs: 10 } });
    const seen = record(client);
    await client.connect();
    const pending = client.myGroups();
    await server.waitUntil(() => server.framesWithId(MsgId.GetUserGroupsReq).length === 1);
    await client.close();
    await assert.rejects(pending, ConnectionClosedError);
    assert.deepEqual(seen.of('disconnected').map((d) => d.reason), ['closed by client']);
    assert.equal(seen.of('reconnecting').length, 0, 'close() does not reconnect');

    const fresh = makeClient({ servers: [server.address] });
    await assert.rejects(fresh.login({ username: 'a', password: 'b' }), NotConnectedError);
  });

  test('against a legacy server the hello costs one ping, not a timeout', async () => {
    const server = await startServer({ extensions: false });
    const client = makeClient({ servers: [server.address], requestTimeoutMs: 5000 });
    const started = Date.now();
    await client.connect();
    assert.ok(Date.now() - started < 1000);
    assert.equal(client.extensions, null);
    assert.equal(await client.sendText('bob', 'hi').catch((e: Error) => e.message), 'sendText: log in first (chat-zinx drops P2P text from a connection that is not logged in)');
    await client.login({ username: 'alice', password: 'pw' });
    assert.equal(await client.sendText('bob', 'hi'), undefined, 'no SendAck exists without the extension');
  });

  test('extended sendText returns the SendAck for its generated client_msg_id', async () => {
    const server = await startServer();
    const client = makeClient({ servers: [server.address] });
    await client.connect();
    await client.login({ username: 'alice', password: 'pw' });
    const ack = await client.sendText('bob', 'hello', { type: 'text' });
    assert.equal(ack?.status, 0);
    const sent = parse(server.framesWithId(MsgId.TextMsg)[0]?.body ?? Buffer.alloc(0));
    assert.equal(sent['client_msg_id'], ack?.client_msg_id);
    assert.match(String(sent['client_msg_id']), /^[0-9a-f-]{36}$/);
    assert.deepEqual({ ...sent, client_msg_id: 'x' }, { to_user_id: 'bob', content: 'hello', type: 'text', sent_at: '0001-01-01T00:00:00Z', client_msg_id: 'x' });
    await assert.rejects(client.sendText('bob', 'x'.repeat(9000)), /at most 8192/);
  });

  test('group text before login fails locally (chat-zinx would drop it without a reply)', async () => {
    const server = await startServer();
    const client = makeClient({ servers: [server.address] });
    await client.connect();
    await assert.rejects(client.sendGroupText(5, 'hi'), (e: unknown) => e instanceof RequestRejectedError && e.code === 'NOT_LOGGED_IN');
    assert.equal(server.framesWithId(MsgId.GroupTextMsgReq).length, 0);
  });
});

describe('ChatClient failover and reconnect', () => {
  test('connect() skips a dead first address', async () => {
    const server = await startServer();
    const client = makeClient({ servers: [`127.0.0.1:${await deadPort()}`, server.address] });
    const seen = record(client);
    await client.connect();
    assert.equal(client.currentServer, server.address);
    assert.deepEqual(seen.of('connected').map((c) => c.server), [server.address]);
  });

  test('reconnects with backoff, rotating to the address that is up, then logs in again', async () => {
    const portA = await deadPort();
    const b = await startServer();
    const client = makeClient({
      servers: [`127.0.0.1:${portA}`, b.address],
      reconnect: { initialDelayMs: 20, factor: 2, maxDelayMs: 80, jitter: false },
    });
    const seen = record(client);
    await client.connect();
    await client.login({ username: 'alice', password: 'pw' });
    assert.equal(client.currentServer, b.address);

    await b.close(); // B is gone and A is still down: the client keeps rotating with growing delays
    await until(() => seen.of('reconnecting').length >= 3, 'three reconnect attempts');
    const a = await startServer({ port: portA });
    await until(() => client.connected, 'reconnected to A');

    const attempts = seen.of('reconnecting');
    assert.deepEqual(attempts.slice(0, 3).map((r) => r.delayMs), [20, 40, 80]);
    assert.deepEqual(attempts.slice(0, 2).map((r) => r.server), [`127.0.0.1:${portA}`, b.address]);
    assert.equal(client.currentServer, `127.0.0.1:${portA}`);
    const relogin = a.framesWithId(MsgId.LoginReq);
    assert.equal(relogin.length, 1, 'the 104 is sent again on the new connection');
    assert.deepEqual(parse(relogin[0]?.body ?? Buffer.alloc(0)), { username: 'alice', password: 'pw' });
    assert.deepEqual(seen.of('loggedIn').map((l) => l.relogin), [false, true]);
    assert.ok(seen.of('disconnected').length === 1);
    assert.ok((await client.ping()) >= 0);
  });

  test('a request made while reconnecting waits for the new connection', async () => {
    const server = await startServer();
    const client = makeClient({ servers: [server.address], reconnect: { initialDelayMs: 60, jitter: false } });
    await client.connect();
    await client.login({ username: 'alice', password: 'pw' });
    server.dropAll();
    await until(() => client.state === 'reconnecting', 'reconnecting');
    const rtt = await client.ping().catch((e: Error) => e);
    assert.ok(typeof rtt === 'number', String(rtt));
    assert.equal(server.connections.length, 2);
    const second = server.connections[1];
    // hello + barrier ping, re-login, barrier ping + catch-up sync, then the waiting request
    assert.deepEqual(second?.frames.map((f) => f.id), [ExtMsgId.HelloReq, MsgId.Ping, MsgId.LoginReq, MsgId.Ping, ExtMsgId.SyncReq, MsgId.Ping]);
  });

  test('sendText made while reconnecting still goes out extended, with its client_msg_id (never as legacy text)', async () => {
    const server = await startServer();
    const client = makeClient({ servers: [server.address], reconnect: { initialDelayMs: 60, jitter: false } });
    await client.connect();
    await client.login({ username: 'alice', password: 'pw' });
    // Hold the new connection's hello reply and its barrier ping: sendText is called mid-handshake.
    let releaseHello: (() => void) | undefined;
    let held: 'none' | 'hello' | 'both' = 'none';
    server.handler = (frame, conn) => {
      if (server.connections.length < 2) return false;
      if (frame.id === ExtMsgId.HelloReq && held === 'none') {
        held = 'hello';
        return true;
      }
      if (frame.id !== MsgId.Ping || held !== 'hello') return false;
      held = 'both';
      releaseHello = () => {
        conn.extended = true;
        conn.send(ExtMsgId.HelloResp, { features: ['ack', 'sync'], server: 'fake/0', node_id: 'fake-1', max_frame: 8192 });
        conn.send(MsgId.Pong, 'pong');
      };
      return true;
    };
    server.dropAll();
    await until(() => releaseHello !== undefined, 'the new connection sent its hello');
    // Deciding "legacy" before the new connection's hello would send the text without its
    // client_msg_id (no server dedup) and report no ack, so a caller's retry stores it twice.
    const sending = client.sendText('bob', 'during reconnect', { clientMsgId: 'cmid-reconnect-1' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    releaseHello?.();
    const ack = await sending;
    assert.equal(ack?.status, 0);
    assert.equal(ack?.client_msg_id, 'cmid-reconnect-1');
    const sent = server.connections[1]?.frames.filter((f) => f.id === MsgId.TextMsg) ?? [];
    assert.equal(sent.length, 1);
    assert.equal(parse(sent[0]?.body ?? Buffer.alloc(0))['client_msg_id'], 'cmid-reconnect-1');
  });

  test('a missed heartbeat pong drops the connection', async () => {
    let pongs = true;
    const server = await startServer({ handler: (frame) => frame.id === MsgId.Ping && !pongs });
    const client = makeClient({ servers: [server.address], heartbeatMs: 30, requestTimeoutMs: 60 });
    const seen = record(client);
    await client.connect();
    await client.login({ username: 'alice', password: 'pw' });
    await server.waitUntil(() => server.framesWithId(MsgId.Ping).length >= 3, 1000, 'heartbeat pings');
    pongs = false;
    await until(() => seen.of('disconnected').length === 1, 'disconnect');
    assert.equal(seen.of('disconnected')[0]?.reason, 'heartbeat: no pong');
  });
});

describe('ChatClient delivery (extension)', () => {
  test('drops duplicate seqs, emits in order, acks once per batch with the highest seq', async () => {
    const server = await startServer({
      handler(frame, conn) {
        if (frame.id !== MsgId.LoginReq) return false;
        conn.send(MsgId.LoginResp, { code: 0, msg: 'ok', data: { id: 1, user_uuid: userUuid('alice'), username: 'alice', email: '', avatar: '', last_login: '2025-01-01T00:00:00Z', token: 't' } });
        for (const seq of [1, 2, 3, 2, 4]) conn.send(MsgId.TextMsg, push(seq));
        return true;
      },
    });
    const client = makeClient({ servers: [server.address] });
    const seen = record(client);
    await client.connect();
    await client.login({ username: 'alice', password: 'pw' });
    await server.waitUntil(() => server.framesWithId(ExtMsgId.DeliveryAck).length >= 1, 1000, 'an ack');
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(seen.of('text').map((t) => t.seq), [1, 2, 3, 4]);
    assert.deepEqual(server.framesWithId(ExtMsgId.DeliveryAck).map((f) => parse(f.body)), [{ seq: 4 }], 'one batched ack');
    assert.equal(client.lastSeq, 4);

    server.connections[0]?.send(MsgId.TextMsg, push(5));
    await server.waitUntil(() => server.framesWithId(ExtMsgId.DeliveryAck).length === 2, 1000, 'second ack');
    assert.deepEqual(parse(server.framesWithId(ExtMsgId.DeliveryAck)[1]?.body ?? Buffer.alloc(0)), { seq: 5 });
  });

  test('after a reconnect it syncs from the last seq and emits only what is new', async () => {
    const server = await startServer({
      handler(frame, conn) {
        if (frame.id !== ExtMsgId.SyncReq) return false;
        const since = Number(parse(frame.body)['since']);
        const messages = [5, 6, 7].filter((s) => s >= since).map((s) => push(s));
        conn.send(ExtMsgId.SyncResp, { messages: messages.reverse(), next_since: 7, has_more: false });
        return true;
      },
    });
    const client = makeClient({ servers: [server.address], reconnect: { initialDelayMs: 10 } });
    const seen = record(client);
    await client.connect();
    await client.login({ username: 'alice', password: 'pw' });
    for (const seq of [1, 2, 3, 4, 5]) server.connections[0]?.send(MsgId.TextMsg, push(seq));
    await until(() => client.lastSeq === 5, 'seq 5');
    server.dropAll();
    await server.waitUntil(() => server.framesWithId(ExtMsgId.SyncReq).length === 1, 2000, 'a SyncReq');
    assert.deepEqual(parse(server.framesWithId(ExtMsgId.SyncReq)[0]?.body ?? Buffer.alloc(0)), { since: 5, limit: 500 });
    await until(() => client.lastSeq === 7, 'seq 7');
    assert.deepEqual(seen.of('text').map((t) => t.seq), [1, 2, 3, 4, 5, 6, 7], 'the duplicate 5 from the sync is dropped, 6 and 7 arrive in order');
    await server.waitUntil(() => server.connections[1]?.frames.some((f) => f.id === ExtMsgId.DeliveryAck && parse(f.body)['seq'] === 7) === true, 1000, 'ack 7');
  });

  test('legacy mode never sends 1001, 1004, 1005 or a client_msg_id', async () => {
    const server = await startServer({
      handler(frame, conn) {
        if (frame.id === MsgId.GroupTextMsgReq) {
          conn.send(MsgId.GroupTextMsgResp, { msg_id: 'g1', status: 0 });
          return true;
        }
        if (frame.id === MsgId.LoginReq) {
          conn.send(MsgId.LoginResp, { code: 0, msg: 'ok', data: { id: 1, user_uuid: 'u', username: 'alice', email: '', avatar: '', last_login: '2025-01-01T00:00:00Z', token: 't' } });
          conn.send(MsgId.TextMsg, push(1)); // even a push that carries a seq is not acked
          return true;
        }
        return false;
      },
    });
    const client = makeClient({ servers: [server.address], extensions: false, reconnect: { initialDelayMs: 10 } });
    const seen = record(client);
    await client.connect();
    await client.login({ username: 'alice', password: 'pw' });
    assert.equal(await client.sendText('bob', 'hi', { clientMsgId: 'ignored' }), undefined);
    assert.equal((await client.sendGroupText(5, 'hey')).status, 0);
    await assert.rejects(client.sync(0), (e: unknown) => e instanceof RequestRejectedError && e.code === 'EXTENSION_UNAVAILABLE');
    await assert.rejects(client.ackDelivery(1), RequestRejectedError);
    server.dropAll();
    await until(() => client.connected && server.connections.length === 2, 'reconnect');
    await client.ping();
    await new Promise((r) => setTimeout(r, 40));

    assert.equal(seen.of('text').length, 2, 'the re-login replays it again: legacy has no seq to de-duplicate by');
    const ids = new Set(server.frames.map((f) => f.id));
    for (const id of [ExtMsgId.HelloReq, ExtMsgId.DeliveryAck, ExtMsgId.SyncReq]) assert.ok(!ids.has(id), `sent ${id}`);
    assert.ok(server.frames.every((f) => !f.body.toString().includes('client_msg_id')));
    assert.deepEqual(parse(server.framesWithId(MsgId.TextMsg)[0]?.body ?? Buffer.alloc(0)), { to_user_id: 'bob', content: 'hi', sent_at: '0001-01-01T00:00:00Z' });
  });
});

/**
 * The web console over real HTTP and WebSocket: the token, the Origin check (calls and the
 * upgrade), static files without traversal, the body cap, and events arriving over the socket.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { ConsoleHost, createAdminDispatcher, createConsoleAdmin, WebConsoleServer, type ConsoleAdmin } from '../../src/admin/index.js';
import { DEFAULT_NODE_CONFIG } from '../../src/index.js';
import { FAST_HASHER, registerAndLogin } from '../helpers/testNode.js';
import { waitFor } from '../helpers/waitFor.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

function request(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Opens the event socket; resolves with the open socket or the HTTP status that refused it. */
function openSocket(url: string, origin?: string): Promise<{ socket: WebSocket; status: 101 } | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => resolve({ socket, status: 101 }));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('error', (error) => reject(error));
  });
}

describe('WebConsoleServer', () => {
  let dir: string;
  let host: ConsoleHost;
  let admin: ConsoleAdmin;
  let server: WebConsoleServer;
  let port: number;
  let token: string;
  const auth = () => ({ authorization: `Bearer ${token}` });

  before(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'web-console-'));
    const dist = join(dir, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(dist, 'assets', 'app-1234.css'), 'body{}');
    writeFileSync(join(dist, 'assets', 'logo.svg'), '<svg/>');
    writeFileSync(join(dist, '.env'), 'HIDDEN=1');
    writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET');
    symlinkSync(join(dir, 'secret.txt'), join(dist, 'assets', 'link.txt'));
    host = new ConsoleHost({ node: { ...DEFAULT_NODE_CONFIG, port: 0, logLevel: 'silent' }, sandboxNodes: 1, passwordHasher: FAST_HASHER });
    await host.start();
    admin = createConsoleAdmin(host, { presenceFlushMs: 100 });
    server = new WebConsoleServer({ dispatch: createAdminDispatcher(admin.handlers, { readOnly: false }), events: admin, staticDir: dist, port: 0, maxBodyBytes: 64 * 1024 });
    ({ port } = await server.listen());
    token = server.token;
  });
  after(async () => {
    await admin.close();
    await server.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('prints a ready-to-open URL with a 32-byte hex token', () => {
    assert.match(token, /^[0-9a-f]{64}$/);
    assert.equal(server.url, `http://127.0.0.1:${port}/?token=${token}`);
  });

  test('serves the built UI with the right content types', async () => {
    const index = await request(port, { path: `/?token=${token}` });
    assert.equal(index.status, 200);
    assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(index.text, /<title>console<\/title>/);
    assert.equal(index.headers['referrer-policy'], 'no-referrer');
    assert.equal((await request(port, { path: '/index.html' })).status, 200);
    for (const [path, type] of [['/assets/app-1234.js', 'text/javascript; charset=utf-8'], ['/assets/app-1234.css', 'text/css; charset=utf-8'], ['/assets/logo.svg', 'image/svg+xml']]) {
      const answer = await request(port, { path: path as string });
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers['content-type'], type, path);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    }
    const head = await request(port, { method: 'HEAD', path: '/assets/app-1234.js' });
    assert.equal([head.status, head.text, head.headers['content-length']].join(' '), '200  14');
    assert.equal((await request(port, { path: '/nope.js' })).status, 404);
    assert.equal((await request(port, { method: 'POST', path: '/index.html' })).status, 405);
  });

  test('no path reaches a file outside the UI folder, a hidden file or a symlink out', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '//etc/passwd',
      '/assets/link.txt',
      '/.env',
      '/%2eenv',
      '/assets/%00',
      '/%E0%A4%A',
      `/${encodeURIComponent(join(dir, 'secret.txt'))}`,
      '/assets',
      '/assets/',
    ];
    for (const path of attempts) {
      const answer = await request(port, { path });
      assert.ok([400, 404].includes(answer.status), `${path} → ${answer.status}`);
      assert.doesNotMatch(answer.text, /TOP SECRET|HIDDEN=1|root:/, path);
    }
  });

  test('/api/call needs the token: none or a wrong one is 401 UNAUTHORIZED', async () => {
    const none = await request(port, { method: 'POST', path: '/api/call/getInfo', body: 'null' });
    assert.equal(none.status, 401);
    assert.equal(none.json.code, 'UNAUTHORIZED');
    const wrong = await request(port, { method: 'POST', path: '/api/call/getInfo', headers: { authorization: `Bearer ${'0'.repeat(64)}` }, body: 'null' });
    assert.equal(wrong.status, 401);
    const inQuery = await request(port, { method: 'POST', path: `/api/call/getInfo?token=${token}`, body: 'null' });
    assert.equal(inQuery.status, 401, 'calls take the token from the header only');
  });

  test('a foreign Origin is 403 FORBIDDEN_ORIGIN even with the token; our own origin and none are served', async () => {
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`]) {
      const answer = await request(port, { method: 'POST', path: '/api/call/getInfo', headers: { ...auth(), origin }, body: 'null' });
      assert.equal(answer.status, 403, origin);
      assert.equal(answer.json.code, 'FORBIDDEN_ORIGIN');
    }
    assert.equal((await request(port, { path: '/', headers: { origin: 'http://evil.example' } })).status, 403);
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, undefined]) {
      const answer = await request(port, { method: 'POST', path: '/api/call/getInfo', headers: { ...auth(), ...(origin ? { origin } : {}), 'content-type': 'application/json' }, body: 'null' });
      assert.equal(answer.status, 200, String(origin));
      assert.equal(answer.json.mode, 'embedded');
    }
  });

  test('calls go through the dispatcher: results, refusals with their status, empty body = null', async () => {
    const overview = await request(port, { method: 'POST', path: '/api/call/getOverview', headers: auth() });
    assert.equal(overview.status, 200);
    assert.equal(overview.json.nodes.length, 1);
    assert.ok(overview.json.nodes[0].stats);
    const presence = await request(port, { method: 'POST', path: '/api/call/listPresence', headers: auth(), body: JSON.stringify({ cursor: null, limit: 10, search: '' }) });
    assert.deepEqual(Object.keys(presence.json).sort(), ['countsByNode', 'nextCursor', 'rows']);
    const cases: Array<[string, string, number, string]> = [
      ['/api/call/nope', 'null', 404, 'UNKNOWN_METHOD'],
      ['/api/call/listPresence', '{"limit":0}', 400, 'BAD_ARGUMENT'],
      ['/api/call/listPresence', '{not json', 400, 'BAD_ARGUMENT'],
      ['/api/call/browseKv', '{"prefix":""}', 409, 'NOT_AVAILABLE'],
      ['/api/call/removeSandboxNode', '{"nodeId":"node-9"}', 404, 'NOT_FOUND'],
      ['/api/other', 'null', 404, 'NOT_FOUND'],
    ];
    for (const [path, body, status, code] of cases) {
      const answer = await request(port, { method: 'POST', path, headers: auth(), body });
      assert.deepEqual([answer.status, answer.json?.code], [status, code], `${path} ${body}`);
      assert.equal(typeof answer.json.message, 'string');
    }
    const get = await request(port, { path: '/api/call/getInfo', headers: auth() });
    assert.equal(get.status, 405);
  });

  test('a body over the cap is 413, declared or streamed', async () => {
    const big = Buffer.alloc(70 * 1024, 'a');
    const declared = await request(port, { method: 'POST', path: '/api/call/browseKv', headers: { ...auth(), 'content-length': String(big.length) }, body: big });
    assert.equal(declared.status, 413);
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/call/browseKv', headers: { ...auth(), 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(Buffer.alloc(20 * 1024, 'b'));
      req.end();
    });
    assert.equal(streamed, 413);
  });

  test('the event socket needs the token and our origin; then overview and presence events arrive', async () => {
    const base = `ws://127.0.0.1:${port}/api/events`;
    const noToken = await openSocket(base);
    assert.equal(noToken.status, 401);
    assert.match((noToken as { body: string }).body, /UNAUTHORIZED/);
    assert.equal((await openSocket(`${base}?token=${'f'.repeat(64)}`)).status, 401);
    const foreign = await openSocket(`${base}?token=${token}`, 'http://evil.example');
    assert.equal(foreign.status, 403);
    assert.match((foreign as { body: string }).body, /FORBIDDEN_ORIGIN/);
    assert.equal((await openSocket(`ws://127.0.0.1:${port}/api/other?token=${token}`)).status, 404);

    const opened = await openSocket(`${base}?token=${token}`, `http://127.0.0.1:${port}`);
    assert.equal(opened.status, 101);
    const socket = (opened as { socket: WebSocket }).socket;
    const frames: Array<{ event: string; payload: any }> = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    try {
      await waitFor(() => frames.some((frame) => frame.event === 'overview'), 3000, 'an overview frame');
      assert.equal(frames.find((frame) => frame.event === 'overview')?.payload.nodes.length, 1);
      const user = await registerAndLogin(host.nodes()[0]!.port, 'ws');
      await waitFor(() => frames.some((frame) => frame.event === 'presence' && frame.payload.some((change: any) => change.userId === user.id && change.kind === 'online' && change.username === user.username)), 3000, 'a presence frame');
      user.client.close();
      assert.equal(server.clientCount, 1);
    } finally {
      socket.close();
    }
    await waitFor(() => server.clientCount === 0, 2000, 'the socket to close');
  });
});

describe('WebConsoleServer without a built UI', () => {
  test('/ says to run npm run build:renderer; the API still works', async () => {
    const events = { on: () => () => {} };
    const server = new WebConsoleServer({ dispatch: async () => 'pong', events, staticDir: join(os.tmpdir(), 'no-such-console-dist'), port: 0 });
    const { port } = await server.listen();
    try {
      const page = await request(port, { path: '/' });
      assert.equal(page.status, 503);
      assert.match(page.text, /npm run build:renderer/);
      assert.equal((await request(port, { path: '/assets/app.js' })).status, 404);
      const call = await request(port, { method: 'POST', path: '/api/call/getInfo', headers: { authorization: `Bearer ${server.token}` } });
      assert.deepEqual([call.status, call.json], [200, 'pong']);
    } finally {
      await server.close();
    }
  });
});

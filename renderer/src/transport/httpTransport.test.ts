import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClusterOverview } from '../../../node-runtime/contract/index.js';
import { TOKEN_STORAGE_KEY } from './accessToken.js';
import { AdminCallError } from './adminCallError.js';
import type { EventsStatus } from './consoleClient.js';
import type { SocketLike } from './eventSocket.js';
import { createHttpTransport, eventsUrl, NO_TOKEN_MESSAGE, type HttpResponseLike, type HttpTransportEnv } from './httpTransport.js';

class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  closed: { code?: number } | null = null;
  constructor(readonly url: string) {}
  close(code?: number): void {
    this.closed = { code };
  }
  serverOpens(): void {
    this.onopen?.({});
  }
  serverSends(data: unknown): void {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  serverCloses(code = 1006): void {
    this.onerror?.({});
    this.onclose?.({ code, reason: '' });
  }
}

interface Harness {
  env: HttpTransportEnv;
  requests: { url: string; init: { method: string; headers: Record<string, string>; body: string } }[];
  sockets: FakeSocket[];
  storage: Map<string, string>;
  replacedUrls: string[];
  timers: { ms: number; run: () => void; cleared: boolean }[];
  respond(response: Partial<HttpResponseLike> & { body?: string }): void;
}

function harness(href: string, stored: Record<string, string> = {}): Harness {
  const storage = new Map(Object.entries(stored));
  let next: HttpResponseLike = { ok: true, status: 200, statusText: 'OK', text: async () => 'null' };
  const h: Harness = {
    requests: [],
    sockets: [],
    storage,
    replacedUrls: [],
    timers: [],
    respond(response) {
      const body = response.body ?? '';
      next = { ok: response.ok ?? true, status: response.status ?? 200, statusText: response.statusText ?? '', text: async () => body };
    },
    env: {
      href,
      replaceUrl: (url) => h.replacedUrls.push(url),
      storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
      fetch: async (url, init) => {
        h.requests.push({ url, init });
        return next;
      },
      connectSocket: (url) => {
        const socket = new FakeSocket(url);
        h.sockets.push(socket);
        return socket;
      },
      setTimeout: (run, ms) => {
        const timer = { ms, run, cleared: false };
        h.timers.push(timer);
        return timer;
      },
      clearTimeout: (handle) => {
        (handle as { cleared: boolean }).cleared = true;
      },
    },
  };
  return h;
}

const OVERVIEW: ClusterOverview = { mode: 'cluster', readOnly: true, consoleNodeId: 'n1', nodes: [], backends: [], updatedAt: 1 };

describe('httpTransport: token', () => {
  test('takes the token from ?token=, keeps it in sessionStorage and removes it from the address bar', () => {
    const h = harness('http://127.0.0.1:8080/?token=s3cret&x=1#top');
    createHttpTransport(h.env);
    assert.equal(h.storage.get(TOKEN_STORAGE_KEY), 's3cret');
    assert.deepEqual(h.replacedUrls, ['/?x=1#top']);
  });

  test('after a reload without ?token= it uses the stored token', async () => {
    const h = harness('http://127.0.0.1:8080/', { [TOKEN_STORAGE_KEY]: 'kept' });
    const client = createHttpTransport(h.env);
    h.respond({ body: '{"version":"0.1.0","mode":"embedded","readOnly":false,"sandbox":true}' });
    await client.call('getInfo', null);
    assert.equal(h.requests[0]?.init.headers['Authorization'], 'Bearer kept');
    assert.deepEqual(h.replacedUrls, []);
  });

  test('without any token, calls fail with guidance and no socket is opened', async () => {
    const h = harness('http://127.0.0.1:8080/');
    const client = createHttpTransport(h.env);
    await assert.rejects(client.call('getInfo', null), (error: unknown) => {
      assert.ok(error instanceof AdminCallError);
      assert.equal(error.code, 'UNAUTHORIZED');
      assert.equal(error.message, NO_TOKEN_MESSAGE);
      assert.match(error.message, /npm run web/);
      return true;
    });
    client.on('overview', () => {});
    assert.equal(h.sockets.length, 0);
    assert.equal(client.eventsStatus().state, 'no-token');
    assert.equal(h.requests.length, 0);
  });
});

describe('httpTransport: calls', () => {
  test('POST /api/call/<method> with the JSON argument (null when none) and the bearer token', async () => {
    const h = harness('http://127.0.0.1:8080/?token=t1');
    const client = createHttpTransport(h.env);
    h.respond({ body: JSON.stringify({ rows: [], nextCursor: null, countsByNode: {} }) });
    const result = await client.call('listPresence', { cursor: 'abc', limit: 50, search: 'al' });
    assert.deepEqual(result, { rows: [], nextCursor: null, countsByNode: {} });
    h.respond({ body: 'null' });
    assert.equal(await client.call('removeSandboxNode', { nodeId: 'node-2' }), null);
    h.respond({ body: '' });
    await client.call('getOverview', null);

    assert.deepEqual(
      h.requests.map((r) => [r.url, r.init.method, r.init.body]),
      [
        ['http://127.0.0.1:8080/api/call/listPresence', 'POST', '{"cursor":"abc","limit":50,"search":"al"}'],
        ['http://127.0.0.1:8080/api/call/removeSandboxNode', 'POST', '{"nodeId":"node-2"}'],
        ['http://127.0.0.1:8080/api/call/getOverview', 'POST', 'null'],
      ],
    );
    assert.equal(h.requests[0]?.init.headers['Authorization'], 'Bearer t1');
    assert.equal(h.requests[0]?.init.headers['Content-Type'], 'application/json');
  });

  test('a {code, message} error body becomes an AdminCallError with that code and message', async () => {
    const h = harness('http://127.0.0.1:8080/?token=t1');
    const client = createHttpTransport(h.env);
    h.respond({ ok: false, status: 403, body: '{"code":"READ_ONLY","message":"The console is read-only (--read-only)"}' });
    await assert.rejects(client.call('addSandboxNode', null), { name: 'AdminCallError', code: 'READ_ONLY', message: 'The console is read-only (--read-only)', status: 403 });
  });

  test('a bare 401 says the token was refused; other non-JSON errors keep the status and text', async () => {
    const h = harness('http://127.0.0.1:8080/?token=old');
    const client = createHttpTransport(h.env);
    h.respond({ ok: false, status: 401, statusText: 'Unauthorized', body: 'nope' });
    await assert.rejects(client.call('getInfo', null), (error: AdminCallError) => error.code === 'UNAUTHORIZED' && /npm run web/.test(error.message));
    h.respond({ ok: false, status: 502, statusText: 'Bad Gateway', body: '<html>proxy</html>' });
    await assert.rejects(client.call('getInfo', null), { code: 'INTERNAL', message: 'HTTP 502 Bad Gateway: <html>proxy</html>' });
  });

  test('a 401 on a call also stops the event socket (its upgrade is refused the same way)', async () => {
    const h = harness('http://127.0.0.1:8080/?token=old');
    const client = createHttpTransport(h.env);
    client.on('overview', () => {});
    h.sockets[0]!.serverCloses();
    h.respond({ ok: false, status: 401, body: '{"code":"UNAUTHORIZED","message":"missing or wrong access token"}' });
    await assert.rejects(client.call('getInfo', null), { code: 'UNAUTHORIZED', message: 'missing or wrong access token' });
    assert.equal(client.eventsStatus().state, 'unauthorized');
    assert.equal(h.timers[0]?.cleared, true, 'the pending reconnect is cancelled');
    client.on('presence', () => {});
    assert.equal(h.sockets.length, 1, 'and no new socket is opened');
  });

  test('a network failure says the server cannot be reached', async () => {
    const h = harness('http://127.0.0.1:8080/?token=t1');
    const client = createHttpTransport({ ...h.env, fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await assert.rejects(client.call('getInfo', null), (error: AdminCallError) => {
      assert.equal(error.code, 'NOT_AVAILABLE');
      assert.match(error.message, /Cannot reach the console server at http:\/\/127\.0\.0\.1:8080 \(Failed to fetch\)/);
      return true;
    });
  });

  test('a method outside the contract is refused before any request', async () => {
    const h = harness('http://127.0.0.1:8080/?token=t1');
    const client = createHttpTransport(h.env);
    await assert.rejects(client.call('deleteEverything' as 'getInfo', null), { code: 'UNKNOWN_METHOD' });
    assert.equal(h.requests.length, 0);
  });
});

describe('httpTransport: events', () => {
  test('the socket URL follows the page protocol and carries the token', () => {
    assert.equal(eventsUrl('http://127.0.0.1:8080/?x=1', 'a b'), 'ws://127.0.0.1:8080/api/events?token=a+b');
    assert.equal(eventsUrl('https://console.example/', 't'), 'wss://console.example/api/events?token=t');
  });

  test('opens one socket on the first listener, delivers events by name, ignores junk', () => {
    const h = harness('http://127.0.0.1:8080/?token=t1');
    const client = createHttpTransport(h.env);
    const overviews: ClusterOverview[] = [];
    const batches: unknown[] = [];
    client.on('overview', (payload) => overviews.push(payload));
    client.on('presence', (payload) => batches.push(payload));
    assert.equal(h.sockets.length, 1);
    const socket = h.sockets[0]!;
    assert.equal(socket.url, 'ws://127.0.0.1:8080/api/events?token=t1');
    socket.serverOpens();
    socket.serverSends({ event: 'overview', payload: OVERVIEW });
    socket.serverSends({ event: 'presence', payload: [] });
    socket.serverSends({ event: 'evil', payload: 1 });
    socket.serverSends('not json');
    socket.serverSends({ payload: 2 });
    assert.deepEqual(overviews, [OVERVIEW]);
    assert.deepEqual(batches, [[]]);
  });

  test('reconnects with growing delays, reports each state, and resets after a successful open', () => {
    const h = harness('http://127.0.0.1:8080/?token=t1');
    const client = createHttpTransport(h.env);
    const states: string[] = [];
    client.onEventsStatus((status: EventsStatus) => states.push(`${status.state}:${status.attempt}`));
    client.on('overview', () => {});
    h.sockets[0]!.serverOpens();
    h.sockets[0]!.serverCloses();
    assert.equal(client.eventsStatus().state, 'reconnecting');
    assert.equal(h.timers.at(-1)?.ms, 500);
    h.timers.at(-1)!.run();
    h.sockets[1]!.serverCloses();
    assert.equal(h.timers.at(-1)?.ms, 1000);
    h.timers.at(-1)!.run();
    h.sockets[2]!.serverCloses();
    assert.equal(h.timers.at(-1)?.ms, 2000);
    assert.equal(client.eventsStatus().retryInMs, 2000);
    h.timers.at(-1)!.run();
    h.sockets[3]!.serverOpens();
    assert.deepEqual(client.eventsStatus(), { transport: 'http', state: 'open', attempt: 0, retryInMs: null });
    h.sockets[3]!.serverCloses();
    assert.equal(h.timers.at(-1)?.ms, 500, 'backoff starts over after the feed was open');
    assert.deepEqual(states.slice(0, 8), [
      'connecting:0',
      'open:0',
      'reconnecting:1',
      'reconnecting:1',
      'reconnecting:2',
      'reconnecting:2',
      'reconnecting:3',
      'reconnecting:3',
    ]);
  });

  test('the delay is capped at 10 s', () => {
    const h = harness('http://127.0.0.1:8080/?token=t1');
    const client = createHttpTransport(h.env);
    client.on('overview', () => {});
    for (let i = 0; i < 8; i++) {
      h.sockets.at(-1)!.serverCloses();
      h.timers.at(-1)!.run();
    }
    assert.deepEqual(
      h.timers.map((t) => t.ms),
      [500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000],
    );
  });

  test('a close for a refused token stops retrying', () => {
    const h = harness('http://127.0.0.1:8080/?token=t1');
    const client = createHttpTransport(h.env);
    client.on('overview', () => {});
    h.sockets[0]!.serverCloses(4401);
    assert.equal(client.eventsStatus().state, 'unauthorized');
    assert.equal(h.timers.length, 0);
  });

  test('the last unsubscribe closes the socket and cancels a pending reconnect', () => {
    const h = harness('http://127.0.0.1:8080/?token=t1');
    const client = createHttpTransport(h.env);
    const offA = client.on('overview', () => {});
    const offB = client.on('presence', () => {});
    h.sockets[0]!.serverCloses();
    h.timers[0]!.run();
    offA();
    assert.equal(h.sockets[1]!.closed, null, 'still one listener');
    h.sockets[1]!.serverCloses();
    offB();
    assert.equal(h.timers[1]?.cleared, true);
    assert.equal(client.eventsStatus().state, 'idle');
    h.sockets[1]!.serverSends({ event: 'overview', payload: OVERVIEW }); // a late frame from a dead socket is ignored
  });
});

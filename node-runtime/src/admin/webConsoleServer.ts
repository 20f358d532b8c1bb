/**
 * The web console (`npm run web`): the built UI, the admin API and its events for a browser.
 *
 *   GET  /, /assets/…        the UI from renderer/dist (no token: the page reads it from its URL)
 *   POST /api/call/<method>  JSON body = the argument; `Authorization: Bearer <token>`;
 *                            200 + JSON result, or an error status + `{"code","message"}`
 *   GET  /api/events?token=  WebSocket; server → client text frames `{"event":name,"payload":…}`
 *
 * Every request whose `Origin` is present and not this server's own is refused (403
 * FORBIDDEN_ORIGIN), the WebSocket upgrade included; a missing or wrong token is 401 UNAUTHORIZED.
 * Binds 127.0.0.1 unless told otherwise. Calls go through the one shared admin dispatcher.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ADMIN_EVENTS, isSerializedAdminError, type AdminErrorCode, type AdminEventName, type AdminEvents, type SerializedAdminError } from '../../contract/index.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { AdminDispatcher } from './adminDispatcher.js';
import { httpStatusOf } from './adminErrors.js';
import { SECURITY_HEADERS, StaticFiles } from './staticFiles.js';
import { bearerToken, browsableHost, generateAccessToken, originAllowed, ownOrigins, tokenMatches } from './webAccess.js';

export interface AdminEventSource {
  on<E extends AdminEventName>(event: E, listener: (payload: AdminEvents[E]) => void): () => void;
}

export interface WebConsoleServerOptions {
  dispatch: AdminDispatcher;
  events: AdminEventSource;
  /** The built UI (renderer/dist); null or missing: `/` says how to build it. */
  staticDir: string | null;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 7800; 0 picks a free one. */
  port?: number;
  /** Default: 32 random bytes, hex. */
  token?: string;
  /** Largest /api/call body. Default 64 KiB. */
  maxBodyBytes?: number;
  /** A client whose unsent event data exceeds this is disconnected. Default 4 MiB. */
  maxSocketBufferBytes?: number;
  /** More origins allowed besides this server's own (e.g. a UI dev server). */
  extraOrigins?: string[];
  logger?: Logger;
}

const CALL_PREFIX = '/api/call/';
const EVENTS_PATH = '/api/events';

export class WebConsoleServer {
  readonly token: string;
  private readonly server: http.Server;
  private readonly sockets: WebSocketServer;
  private readonly files: StaticFiles;
  private readonly logger: Logger;
  private origins = new Set<string>();
  private bound: { host: string; port: number } | undefined;

  constructor(private readonly options: WebConsoleServerOptions) {
    this.token = options.token ?? generateAccessToken();
    this.logger = options.logger ?? silentLogger;
    this.files = new StaticFiles(options.staticDir);
    this.sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.logger.error('web_request_failed', { path: request.url?.slice(0, 200), error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        if (!response.headersSent) sendError(response, 'INTERNAL', 'the console server failed to answer');
        else response.destroy();
      });
    });
    this.server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head));
  }

  /** Listens and resolves with the address and the ready-to-open URL (token included). */
  listen(): Promise<{ host: string; port: number; url: string }> {
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 7800;
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        if (error.code === 'EADDRINUSE') reject(new Error(`web console port ${port} on ${host} is already in use: pick another with --port (0 = a free one)`, { cause: error }));
        else if (error.code === 'EADDRNOTAVAIL') reject(new Error(`address ${host} is not on this machine: pick another with --host`, { cause: error }));
        else reject(error);
      };
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.off('error', onError);
        this.server.on('error', (error) => this.logger.error('web_server_error', { error: error.message }));
        const address = this.server.address() as AddressInfo;
        this.bound = { host, port: address.port };
        this.origins = ownOrigins(host, address.port, this.options.extraOrigins);
        resolve({ host, port: address.port, url: this.url });
      });
    });
  }

  /** `http://<host>:<port>/?token=<token>` once listening. */
  get url(): string {
    if (!this.bound) throw new Error('the web console is not listening');
    return `http://${browsableHost(this.bound.host)}:${this.bound.port}/?token=${this.token}`;
  }

  get clientCount(): number {
    return this.sockets.clients.size;
  }

  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.close(1001, 'console stopping');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const client of this.sockets.clients) client.terminate();
    await closed;
    await new Promise<void>((resolve) => this.sockets.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const pathname = pathOf(request);
    if (!originAllowed(request.headers.origin, this.origins)) {
      return sendError(response, 'FORBIDDEN_ORIGIN', `requests from ${String(request.headers.origin).slice(0, 100)} are refused: open the console from the URL it printed`);
    }
    if (!pathname.startsWith('/api/')) return this.files.serve(request, response, pathname);
    if (!tokenMatches(this.token, bearerToken(request.headers.authorization))) {
      return sendError(response, 'UNAUTHORIZED', 'missing or wrong access token: send "Authorization: Bearer <token>" with the token printed by npm run web', { 'www-authenticate': 'Bearer' });
    }
    if (pathname === EVENTS_PATH) return sendError(response, 'BAD_ARGUMENT', `${EVENTS_PATH} is a WebSocket: connect with ws://…${EVENTS_PATH}?token=…`, {}, 426);
    if (!pathname.startsWith(CALL_PREFIX)) return sendError(response, 'NOT_FOUND', `no API at ${pathname.slice(0, 100)}: calls are POST ${CALL_PREFIX}<method>`);
    if (request.method !== 'POST') return sendError(response, 'BAD_ARGUMENT', `admin calls are POST ${CALL_PREFIX}<method>`, { allow: 'POST' }, 405);
    const body = await readBody(request, this.options.maxBodyBytes ?? 64 * 1024);
    if (body === 'too-large') {
      response.shouldKeepAlive = false;
      return sendError(response, 'BAD_ARGUMENT', `the request body is over ${this.options.maxBodyBytes ?? 64 * 1024} bytes`, { connection: 'close' }, 413);
    }
    let arg: unknown = null;
    if (body.length > 0) {
      try {
        arg = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(response, 'BAD_ARGUMENT', 'the request body is not JSON (send the method argument as JSON, or null)');
      }
    }
    const method = pathname.slice(CALL_PREFIX.length);
    try {
      const result = await this.options.dispatch(method, arg);
      sendJson(response, 200, result ?? null);
    } catch (error) {
      const serialized: SerializedAdminError = isSerializedAdminError(error) ? error : { code: 'INTERNAL', message: 'the admin call failed' };
      sendError(response, serialized.code, serialized.message);
    }
  }

  private upgrade(request: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://console.invalid');
    if (url.pathname !== EVENTS_PATH) return refuseUpgrade(socket, 'NOT_FOUND', `no WebSocket at ${url.pathname.slice(0, 100)}: use ${EVENTS_PATH}`);
    if (!originAllowed(request.headers.origin, this.origins)) {
      return refuseUpgrade(socket, 'FORBIDDEN_ORIGIN', `WebSocket from ${String(request.headers.origin).slice(0, 100)} refused: open the console from the URL it printed`);
    }
    if (!tokenMatches(this.token, url.searchParams.get('token'))) {
      return refuseUpgrade(socket, 'UNAUTHORIZED', `missing or wrong access token: connect to ${EVENTS_PATH}?token=<token printed by npm run web>`);
    }
    this.sockets.handleUpgrade(request, socket, head, (client) => this.attach(client));
  }

  /** Forwards every admin event to one client until it goes away (or falls too far behind). */
  private attach(client: WebSocket): void {
    const limit = this.options.maxSocketBufferBytes ?? 4 * 1024 * 1024;
    const unsubscribes = ADMIN_EVENTS.map((event) =>
      this.options.events.on(event, (payload) => {
        if (client.readyState !== client.OPEN) return;
        if (client.bufferedAmount > limit) {
          this.logger.warn('web_client_too_slow', { buffered: client.bufferedAmount });
          client.close(1013, 'too slow: reconnect');
          return;
        }
        client.send(JSON.stringify({ event, payload }));
      }),
    );
    const detach = (): void => {
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    };
    client.on('close', detach);
    client.on('error', () => client.terminate());
    client.on('message', () => {}); // the socket is one way: anything a client sends is ignored
  }
}

function pathOf(request: http.IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://console.invalid').pathname;
  } catch {
    return '/';
  }
}

function readBody(request: http.IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > max) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        request.removeAllListeners('data');
        request.pause();
        resolve('too-large');
      } else {
        chunks.push(chunk);
      }
    });
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

function sendJson(response: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  response.end(body);
}

function sendError(response: http.ServerResponse, code: AdminErrorCode, message: string, headers: Record<string, string> = {}, status = httpStatusOf(code)): void {
  sendJson(response, status, { code, message } satisfies SerializedAdminError, headers);
}

function refuseUpgrade(socket: Duplex, code: AdminErrorCode, message: string): void {
  const body = JSON.stringify({ code, message } satisfies SerializedAdminError);
  const status = httpStatusOf(code);
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

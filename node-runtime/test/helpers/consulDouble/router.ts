/**
 * The double's HTTP layer, shaped like Consul's agent/http.go: Go ServeMux path matching (exact
 * patterns, and subtree patterns ending in `/`, longest wins) on the decoded path, methods
 * declared per endpoint (405 + `Allow`, OPTIONS answered), errors as plain text, JSON replies with
 * `Content-Type: application/json` (`?pretty` indents), and `X-Consul-Default-ACL-Policy` on
 * every /v1 response.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface RequestContext {
  method: string;
  /** Decoded path, as Go's r.URL.Path (so `%2F` in a KV key is a `/`). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Aborts when the client goes away (a blocked query then stops waiting). */
  closed: AbortSignal;
}

export interface Reply {
  status?: number;
  /** A JSON body (sent with Content-Type: application/json). */
  json?: unknown;
  /** A raw body (KV ?raw), with its content type. */
  body?: Buffer | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Route {
  path: string;
  /** Methods the endpoint accepts (OPTIONS is always answered). */
  methods: string[];
  /** `rest` is what follows a subtree pattern (the KV key, a service id…); '' for exact patterns. */
  handle(ctx: RequestContext, rest: string): Reply | Promise<Reply>;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  at: number;
  status?: number;
}

/** Delays the delivery of matching replies (computed on arrival, so a slow answer is an old answer). */
export interface DelayRule {
  /** Exact decoded path, e.g. `/v1/health/service/chat-server`. */
  path: string;
  ms: number;
  /** How many matching replies to delay. Default: all until cleared. */
  count?: number;
}

/** Request bodies above this are refused before buffering (KV enforces its own 512 KiB with 413). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const NOT_AN_ENDPOINT = 'Invalid URL path: not a recognized HTTP API endpoint';

export class Router {
  private readonly routes: Route[] = [];
  readonly requests: RequestRecord[] = [];
  readonly delays: DelayRule[] = [];

  constructor(private readonly aclPolicy: () => string) {}

  add(...routes: Route[]): void {
    this.routes.push(...routes);
  }

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://consul.invalid');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    const record: RequestRecord = { method: req.method ?? 'GET', path, query: url.search.slice(1), at: Date.now() };
    this.requests.push(record);
    const closed = new AbortController();
    res.on('close', () => closed.abort());

    let reply: Reply;
    try {
      const body = await readBody(req);
      const ctx: RequestContext = { method: record.method, path, query: url.searchParams, headers: req.headers, body, closed: closed.signal };
      reply = await this.dispatch(ctx);
    } catch (error) {
      reply = errorReply(error);
    }
    const delay = this.delays.find((rule) => rule.path === path && (rule.count === undefined || rule.count > 0));
    if (delay) {
      if (delay.count !== undefined) delay.count -= 1;
      await new Promise((resolve) => setTimeout(resolve, delay.ms));
    }
    record.status = reply.status ?? 200;
    if (!res.destroyed) this.write(res, reply, url.searchParams.has('pretty'));
  }

  private async dispatch(ctx: RequestContext): Promise<Reply> {
    if (!ctx.path.startsWith('/v1/')) return { status: 404, body: '404 page not found\n', contentType: 'text/plain; charset=utf-8' };
    const match = this.match(ctx.path);
    if (!match) throw new HttpError(404, NOT_AN_ENDPOINT);
    const allow = ['OPTIONS', ...match.route.methods].join(',');
    if (ctx.method === 'OPTIONS') return { status: 200, headers: { Allow: allow } };
    if (!match.route.methods.includes(ctx.method)) throw new HttpError(405, `method ${ctx.method} not allowed`, { Allow: allow });
    return match.route.handle(ctx, match.rest);
  }

  private match(path: string): { route: Route; rest: string } | undefined {
    let best: Route | undefined;
    for (const route of this.routes) {
      const subtree = route.path.endsWith('/');
      const hit = subtree ? path.startsWith(route.path) : path === route.path;
      if (hit && (!best || route.path.length > best.path.length)) best = route;
    }
    if (!best) return undefined;
    return { route: best, rest: best.path.endsWith('/') ? path.slice(best.path.length) : '' };
  }

  private write(res: ServerResponse, reply: Reply, pretty: boolean): void {
    res.statusCode = reply.status ?? 200;
    res.setHeader('X-Consul-Default-ACL-Policy', this.aclPolicy());
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    let body: Buffer | string = '';
    if (reply.json !== undefined) {
      res.setHeader('Content-Type', 'application/json');
      body = pretty ? JSON.stringify(reply.json, null, 4) : JSON.stringify(reply.json);
    } else if (reply.body !== undefined) {
      body = reply.body;
      if (reply.contentType) res.setHeader('Content-Type', reply.contentType);
    }
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
  }
}

/** A handler's error as Consul writes it: the status, then the message as plain text. */
function errorReply(error: unknown): Reply {
  const status = error instanceof HttpError ? error.status : 500;
  const headers = error instanceof HttpError ? error.headers : {};
  const message = error instanceof Error ? error.message : String(error);
  return { status, body: message, contentType: 'text/plain; charset=utf-8', headers };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `Request body too large, max size: ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

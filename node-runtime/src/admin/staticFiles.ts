/**
 * Serves the built console UI (renderer/dist) to the browser: `/` is index.html, every other path a
 * file under the root with its content type. Nothing outside the root is ever read: the decoded
 * path may not contain `..`, hidden segments, backslashes or NUL, and the real path (symlinks
 * resolved) must still be inside the real root.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Sent with every static answer: no sniffing, no framing, the token in the URL never leaks as a referrer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

export const NOT_BUILT_TEXT = 'The console UI is not built yet: run `npm run build:renderer`, then reload this page.\n';

export class StaticFiles {
  /** `root` null or missing: `/` answers a page saying how to build the UI. */
  constructor(private readonly root: string | null) {}

  async serve(request: http.IncomingMessage, response: http.ServerResponse, pathname: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'method not allowed\n', { allow: 'GET, HEAD' });
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return plain(response, 400, 'bad path encoding\n');
    }
    const relative = decoded === '/' ? 'index.html' : decoded.slice(1);
    if (!isSafeRelativePath(relative)) return plain(response, 404, 'not found\n');
    const root = await this.realRoot();
    if (root === null) {
      return relative === 'index.html' ? plain(response, 503, NOT_BUILT_TEXT) : plain(response, 404, 'not found (the console UI is not built)\n');
    }
    const file = await resolveInside(root, relative);
    if (file === null) return plain(response, 404, 'not found\n');
    const type = CONTENT_TYPES[path.extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    const cache = relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': file.size, 'cache-control': cache });
    if (request.method === 'HEAD') return void response.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file.path);
      stream.once('error', () => {
        response.destroy();
        resolve();
      });
      response.once('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(response);
    });
  }

  private async realRoot(): Promise<string | null> {
    if (this.root === null) return null;
    try {
      const real = await realpath(this.root);
      return (await stat(path.join(real, 'index.html'))).isFile() ? real : null;
    } catch {
      return null;
    }
  }
}

/** Forward slashes only; no empty, `.`, `..` or hidden segments; no backslash, NUL or drive letter. */
export function isSafeRelativePath(relative: string): boolean {
  if (relative === '' || relative.length > 1024 || /[\\\0:]/.test(relative)) return false;
  return relative.split('/').every((segment) => segment !== '' && !segment.startsWith('.'));
}

async function resolveInside(root: string, relative: string): Promise<{ path: string; size: number } | null> {
  const candidate = path.resolve(root, relative);
  if (!candidate.startsWith(root + path.sep)) return null;
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(root + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size } : null;
  } catch {
    return null;
  }
}

function plain(response: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * Who may use the web console: a caller that knows the random token printed at start (Bearer
 * header for calls, `?token=` for the event socket) and, when its browser says where the request
 * comes from (`Origin`), only a page of this server itself — never another site, even one whose
 * name resolves to this machine.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import os from 'node:os';

/** 32 random bytes, hex. */
export function generateAccessToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time comparison (no early exit on the first different character). */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The origins a page of this server has when it listens on `host:port`: the bound address, the
 * loopback names when it is a loopback address, every interface address when it listens on all.
 */
export function ownOrigins(host: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set<string>([urlHost(host)]);
  if (isLoopback(host) || isWildcard(host)) for (const name of LOOPBACK_NAMES) names.add(name);
  if (isWildcard(host)) {
    for (const addresses of Object.values(os.networkInterfaces())) {
      for (const address of addresses ?? []) names.add(urlHost(address.address));
    }
    names.add(urlHost(os.hostname()));
  }
  const origins = new Set([...names].map((name) => `http://${name}:${port}`));
  for (const origin of extra) origins.add(origin.replace(/\/$/, ''));
  return origins;
}

/** No Origin header (curl, same-origin GET navigation) passes; a present one must be ours. */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  return allowed.has(origin.toLowerCase());
}

/** The address to print for a bound host: all-interfaces binds are opened as 127.0.0.1. */
export function browsableHost(host: string): string {
  return isWildcard(host) ? '127.0.0.1' : urlHost(host);
}

function urlHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare.includes(':') ? `[${bare}]` : bare;
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || bare.startsWith('127.');
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

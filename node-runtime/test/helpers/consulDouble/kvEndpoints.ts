/**
 * /v1/kv/<key> as agent/kvs_endpoint.go and the state store serve it: raw bytes in, base64 out,
 * `?recurse` / `?keys` (+ `separator`, or the historic `seperator`) / `?raw` as presence flags,
 * `cas` (0 = create only), `flags`, JSON `true`/`false` replies, 404 with index headers for a
 * missing key, 413 above 512 KiB, `Conflicting flags`. Indexes: a key's ModifyIndex; a missing
 * key the table index; a prefix the highest ModifyIndex under it counting tombstones. Locks
 * (`?acquire=` / `?release=`) follow sessions.ts.
 */
import { serveRead, type ReadEnv, type ReadResult } from './blocking.js';
import { GoParseError, parseGoUint } from './goValues.js';
import { renderKv } from './render.js';
import { HttpError, type RequestContext, type Route } from './router.js';
import type { Sessions } from './sessions.js';
import type { KvRecord } from './state.js';

export const KV_MAX_VALUE_SIZE = 512 * 1024;

function uint(query: URLSearchParams, name: string): number {
  try {
    return parseGoUint(query.get(name) ?? '');
  } catch (error) {
    if (error instanceof GoParseError) throw new HttpError(500, error.message);
    throw error;
  }
}

function rawQuery(ctx: RequestContext): string {
  return ctx.query.toString();
}

export function kvRoutes(env: ReadEnv, sessions: Sessions): Route[] {
  const { state } = env;

  const under = (prefix: string): KvRecord[] =>
    [...state.kv.values()].filter((entry) => entry.key.startsWith(prefix)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  /** kvsListTxn / kvsListKeysTxn: highest index under the prefix incl. tombstones; the table index when empty. */
  const prefixIndex = (prefix: string, entries: KvRecord[]): number => {
    let index = Math.max(0, ...entries.map((entry) => entry.modifyIndex));
    if (prefix === '') index = state.tableIndex('kvs', 'tombstones');
    else for (const [key, at] of state.tombstones) if (key.startsWith(prefix)) index = Math.max(index, at);
    return index || state.tableIndex('kvs', 'tombstones');
  };

  const notFound = (index: number): ReadResult => ({ index, status: 404 });

  const get = (ctx: RequestContext, key: string) => {
    if (ctx.query.has('keys')) {
      const separator = ctx.query.has('separator') ? (ctx.query.get('separator') ?? '') : ctx.query.has('seperator') ? (ctx.query.get('seperator') ?? '') : '';
      return serveRead(env, ctx, () => {
        const entries = under(key);
        const keys: string[] = [];
        for (const entry of entries) {
          const cut = separator === '' ? -1 : entry.key.indexOf(separator, key.length);
          const listed = cut < 0 ? entry.key : entry.key.slice(0, cut + separator.length);
          if (keys[keys.length - 1] !== listed) keys.push(listed);
        }
        const index = prefixIndex(key, entries);
        return keys.length === 0 && key !== '' ? notFound(index) : { index, json: keys };
      });
    }
    if (ctx.query.has('recurse')) {
      return serveRead(env, ctx, () => {
        const entries = under(key);
        const index = prefixIndex(key, entries);
        return entries.length === 0 ? notFound(index) : { index, json: entries.map(renderKv) };
      });
    }
    if (key === '') throw new HttpError(400, 'Missing key name');
    return serveRead(env, ctx, () => {
      const entry = state.kv.get(key);
      if (!entry) return notFound(state.tableIndex('kvs', 'tombstones'));
      if (ctx.query.has('raw')) {
        return {
          index: entry.modifyIndex,
          body: Buffer.from(entry.value),
          contentType: 'text/plain',
          headers: { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': 'sandbox' },
        };
      }
      return { index: entry.modifyIndex, json: [renderKv(entry)] };
    });
  };

  const put = (ctx: RequestContext, key: string) => {
    if (key === '') throw new HttpError(400, 'Missing key name');
    if (['cas', 'acquire', 'release'].filter((flag) => ctx.query.has(flag)).length > 1) throw new HttpError(400, `Conflicting flags: ${rawQuery(ctx)}`);
    const flags = ctx.query.has('flags') ? uint(ctx.query, 'flags') : 0;
    const cas = ctx.query.has('cas') ? uint(ctx.query, 'cas') : undefined;
    if (ctx.body.length > KV_MAX_VALUE_SIZE) {
      throw new HttpError(413, `Request body(${ctx.body.length} bytes) too large, max size: ${KV_MAX_VALUE_SIZE} bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size.`);
    }
    if (!env.leader.known) throw new HttpError(500, 'No cluster leader');
    if (ctx.query.has('acquire')) return { json: sessions.acquire(key, ctx.query.get('acquire') ?? '', ctx.body, flags) };
    if (ctx.query.has('release')) return { json: sessions.release(key, ctx.query.get('release') ?? '', ctx.body, flags) };
    const existing = state.kv.get(key);
    if (cas !== undefined && (cas === 0 ? existing !== undefined : existing?.modifyIndex !== cas)) return { json: false };
    state.write((index) => {
      state.mutable.kv.set(key, {
        key,
        value: Buffer.from(ctx.body),
        flags,
        session: existing?.session,
        lockIndex: existing?.lockIndex ?? 0,
        createIndex: existing?.createIndex ?? index,
        modifyIndex: index,
      });
      state.mutable.tombstones.delete(key);
      return { tables: ['kvs'] };
    });
    return { json: true };
  };

  const del = (ctx: RequestContext, key: string) => {
    if (ctx.query.has('recurse') && ctx.query.has('cas')) throw new HttpError(400, `Conflicting flags: ${rawQuery(ctx)}`);
    const recurse = ctx.query.has('recurse');
    if (!recurse && key === '') throw new HttpError(400, 'Missing key name');
    const cas = ctx.query.has('cas') ? uint(ctx.query, 'cas') : undefined;
    if (!env.leader.known) throw new HttpError(500, 'No cluster leader');
    const victims = recurse ? under(key) : [state.kv.get(key)].filter((entry): entry is KvRecord => entry !== undefined);
    if (cas !== undefined) {
      const entry = victims[0];
      if (!entry) return { json: true };
      if (entry.modifyIndex !== cas) return { json: false };
    }
    state.write((index) => {
      if (victims.length === 0) return null;
      for (const entry of victims) {
        state.mutable.kv.delete(entry.key);
        state.mutable.tombstones.set(entry.key, index);
      }
      return { tables: ['kvs', 'tombstones'] };
    });
    return { json: true };
  };

  return [
    {
      path: '/v1/kv/',
      methods: ['GET', 'PUT', 'DELETE'],
      handle: (ctx, key) => (ctx.method === 'GET' ? get(ctx, key) : ctx.method === 'PUT' ? put(ctx, key) : del(ctx, key)),
    },
  ];
}

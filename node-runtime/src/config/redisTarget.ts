/**
 * What `--redis` names: one Redis server, or the seed nodes of a Redis Cluster.
 *
 * - `redis://[user:password@]host:port[/db]` (`rediss://` for TLS): one server.
 * - several URLs, comma-separated (`redis://a:7000,redis://b:7001`): seeds of a Redis Cluster; the
 *   client learns every other node from them, so two or three seeds are plenty.
 * - `redis+cluster://host:port[,host:port…]` (`rediss+cluster://`): a Redis Cluster, even from a
 *   single seed; the parts after the first may leave out the scheme.
 *
 * Pure (no I/O): the node's config checks the value with it, and the Redis backends connect with it.
 */
import { ConfigError } from '../common/errors.js';

export interface RedisSeed {
  host: string;
  port: number;
}

export type RedisTarget =
  | { mode: 'single'; url: string }
  | { mode: 'cluster'; seeds: RedisSeed[]; tls: boolean; username?: string; password?: string };

const SCHEMES: Record<string, { tls: boolean; cluster: boolean }> = {
  'redis:': { tls: false, cluster: false },
  'rediss:': { tls: true, cluster: false },
  'redis+cluster:': { tls: false, cluster: true },
  'rediss+cluster:': { tls: true, cluster: true },
};

const EXAMPLE = 'e.g. redis://127.0.0.1:6379, or a Redis Cluster: redis://127.0.0.1:7000,redis://127.0.0.1:7001 or redis+cluster://127.0.0.1:7000';

/** Parses `--redis`; a ConfigError naming `setting` says what is wrong and shows the accepted forms. */
export function parseRedisTarget(raw: string, setting = '--redis'): RedisTarget {
  const parts = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) throw new ConfigError(setting, `needs a Redis URL, ${EXAMPLE}`);
  const firstScheme = /^([a-z+]+:)\/\//i.exec(parts[0] as string)?.[1]?.toLowerCase() ?? '';
  const urls = parts.map((part, index) => {
    // `redis+cluster://a:1,b:2`: a later part without a scheme takes the first one's.
    const text = index > 0 && !part.includes('://') && firstScheme ? `${firstScheme}//${part}` : part;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new ConfigError(setting, `"${part}" is not a URL: use ${EXAMPLE}`);
    }
    const scheme = SCHEMES[url.protocol];
    if (!scheme) throw new ConfigError(setting, `"${part}" must start with redis://, rediss://, redis+cluster:// or rediss+cluster://`);
    if (url.hostname === '') throw new ConfigError(setting, `"${part}" has no host`);
    return { url, scheme, text };
  });
  const tls = urls[0]?.scheme.tls ?? false;
  if (urls.some((entry) => entry.scheme.tls !== tls)) throw new ConfigError(setting, 'mixes TLS (rediss) and plain (redis) URLs: use one kind for every seed');
  const cluster = urls.length > 1 || urls.some((entry) => entry.scheme.cluster);
  if (!cluster) return { mode: 'single', url: (urls[0] as { text: string }).text };

  const credentials = new Set(urls.filter(({ url }) => url.username || url.password).map(({ url }) => `${url.username}\n${url.password}`));
  if (credentials.size > 1) throw new ConfigError(setting, 'the seeds name different users or passwords: a Redis Cluster has one set of credentials');
  const seeds = urls.map(({ url, text }) => {
    if (url.pathname !== '' && url.pathname !== '/' && url.pathname !== '/0') {
      throw new ConfigError(setting, `"${text}": a Redis Cluster has only database 0 (drop "${url.pathname}")`);
    }
    return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port === '' ? 6379 : Number(url.port) };
  });
  const [username, password] = ([...credentials][0] ?? '\n').split('\n').map((value) => decodeURIComponent(value));
  return { mode: 'cluster', seeds, tls, ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

/** The target for logs, health and the console: passwords replaced by `***`. */
export function describeRedisTarget(raw: string): string {
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => part.replace(/^([a-z+]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@'))
    .join(',');
}

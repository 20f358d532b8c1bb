/**
 * The node's settings, declared once: each has a flag, an environment variable, a parser and
 * a help line. The CLI's argument parsing and its --help text are both derived from this table,
 * so they cannot disagree.
 */
import { ConfigError } from '../common/errors.js';
import { LOG_LEVELS, type LogLevel } from '../common/logger.js';
import type { NodeConfig } from './nodeConfig.js';
import { MIN_SECRET_LENGTH } from '../control/controlCommand.js';
import { parseByteSize, parseDurationMs, parseInteger, parseUrl, parseUrlList } from './valueParsers.js';
import { parseRedisTarget } from './redisTarget.js';

export interface Setting<K extends keyof NodeConfig = keyof NodeConfig> {
  key: K;
  flag: string;
  env: string;
  valueName: string;
  help: string;
  parse: (raw: string, setting: string) => NodeConfig[K];
  format?(value: NodeConfig[K]): string;
}

const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function define<K extends keyof NodeConfig>(setting: Setting<K>): Setting<K> {
  return setting;
}

export const NODE_SETTINGS = [
  define({
    key: 'id',
    flag: '--id',
    env: 'CHAT_NODE_ID',
    valueName: 'ID',
    help: 'node name in logs, registry and presence (letters, digits, _ and -)',
    parse: (raw, setting) => {
      if (!NODE_ID.test(raw)) throw new ConfigError(setting, `"${raw}" is not a node id: use 1-64 letters, digits, "_" or "-"`);
      return raw;
    },
  }),
  define({
    key: 'host',
    flag: '--host',
    env: 'CHAT_HOST',
    valueName: 'ADDR',
    help: 'address to listen on (0.0.0.0 for all interfaces)',
    parse: (raw, setting) => {
      if (raw.trim() === '') throw new ConfigError(setting, 'must not be empty');
      return raw;
    },
  }),
  define({
    key: 'port',
    flag: '--port',
    env: 'CHAT_PORT',
    valueName: 'PORT',
    help: 'TCP port for chat clients (0 picks a free one)',
    parse: (raw, setting) => parseInteger(raw, setting, 0, 65535),
  }),
  define({
    key: 'maxFrameBytes',
    flag: '--max-frame',
    env: 'CHAT_MAX_FRAME',
    valueName: 'BYTES',
    help: 'largest inbound frame body, e.g. 8192 or 64KiB; bigger frames close the connection (0 = no limit)',
    parse: (raw, setting) => parseByteSize(raw, setting, 0, 0xffff_ffff),
  }),
  define({
    key: 'idleTimeoutMs',
    flag: '--idle-timeout',
    env: 'CHAT_IDLE_TIMEOUT',
    valueName: 'DURATION',
    help: 'close connections silent for this long, e.g. 180s, 3m or 180 (seconds); 0 = never',
    parse: (raw, setting) => parseDurationMs(raw, setting),
    format: (ms) => `${ms / 1000}s`,
  }),
  define({
    key: 'maxConnections',
    flag: '--max-conns',
    env: 'CHAT_MAX_CONNS',
    valueName: 'N',
    help: 'connections accepted at once; further ones are closed at once',
    parse: (raw, setting) => parseInteger(raw, setting, 1, 10_000_000),
  }),
  define({
    key: 'maxOutboundBytes',
    flag: '--max-outbound',
    env: 'CHAT_MAX_OUTBOUND',
    valueName: 'BYTES',
    help: 'unsent bytes per connection before it is dropped as a slow consumer, e.g. 8MiB',
    parse: (raw, setting) => parseByteSize(raw, setting, 64 * 1024, 2 ** 40),
  }),
  define({
    key: 'logLevel',
    flag: '--log-level',
    env: 'CHAT_LOG_LEVEL',
    valueName: 'LEVEL',
    help: `one of ${LOG_LEVELS.join(', ')}`,
    parse: (raw, setting) => {
      if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
        throw new ConfigError(setting, `"${raw}" is not a log level: use one of ${LOG_LEVELS.join(', ')}`);
      }
      return raw as LogLevel;
    },
  }),
  define({
    key: 'natsServers',
    flag: '--nats',
    env: 'CHAT_NATS',
    valueName: 'URL[,URL…]',
    help: 'NATS servers of the cluster bus (JetStream), e.g. nats://127.0.0.1:4222; needs --redis',
    parse: (raw, setting) => parseUrlList(raw, setting, ['nats:', 'tls:']),
    format: (value) => (value.length === 0 ? 'none: in-process bus' : value.join(',')),
  }),
  define({
    key: 'redisUrl',
    flag: '--redis',
    env: 'CHAT_REDIS',
    valueName: 'URL[,URL…]',
    help: 'Redis for presence and storage, e.g. redis://127.0.0.1:6379; a Redis Cluster: several seeds (redis://a:7000,redis://b:7001) or redis+cluster://HOST:PORT; needs --nats',
    parse: (raw, setting) => {
      parseRedisTarget(raw, setting); // refuses a bad value here; the backends parse it again to connect
      return raw.trim();
    },
    format: (value) => value ?? 'none: in-process store',
  }),
  define({
    key: 'consulUrl',
    flag: '--consul',
    env: 'CHAT_CONSUL',
    valueName: 'URL',
    help: 'Consul agent HTTP address, e.g. http://127.0.0.1:8500 (implies --registry consul)',
    parse: (raw, setting) => parseUrl(raw, setting, ['http:', 'https:']),
    format: (value) => value ?? 'none',
  }),
  define({
    key: 'registry',
    flag: '--registry',
    env: 'CHAT_REGISTRY',
    valueName: 'KIND',
    help: 'where nodes register: consul (needs --consul), nats (KV bucket, needs --nats) or memory',
    parse: (raw, setting) => {
      if (raw !== 'consul' && raw !== 'nats' && raw !== 'memory') {
        throw new ConfigError(setting, `"${raw}" is not a registry: use consul, nats or memory`);
      }
      return raw;
    },
    format: () => 'consul with --consul, else nats with --nats, else memory',
  }),
  define({
    key: 'nodeTtlMs',
    flag: '--node-ttl',
    env: 'CHAT_NODE_TTL',
    valueName: 'DURATION',
    help: 'a node silent this long is declared dead and survivors clean its presence (e.g. 6s)',
    parse: (raw, setting) => {
      const ms = parseDurationMs(raw, setting);
      if (ms < 1000) throw new ConfigError(setting, `${raw} is too short: use at least 1s`);
      return ms;
    },
    format: (ms) => `${ms / 1000}s`,
  }),
  define({
    key: 'adminPort',
    flag: '--admin-port',
    env: 'CHAT_ADMIN_PORT',
    valueName: 'PORT',
    help: 'serve Prometheus metrics (/metrics) and backend health (/healthz) on this port (0 = a free one)',
    parse: (raw, setting) => parseInteger(raw, setting, 0, 65535),
    format: (value) => (value === null ? 'off' : String(value)),
  }),
  define({
    key: 'adminHost',
    flag: '--admin-host',
    env: 'CHAT_ADMIN_HOST',
    valueName: 'ADDR',
    help: 'address of the admin HTTP server',
    parse: (raw, setting) => {
      if (raw.trim() === '') throw new ConfigError(setting, 'must not be empty');
      return raw;
    },
  }),
  define({
    key: 'adminSecret',
    flag: '--admin-secret',
    env: 'CHAT_ADMIN_SECRET',
    valueName: 'SECRET',
    help: `shared secret of the cluster's signed remote control (drain/kill from the console on admin.control.<id>); at least ${MIN_SECRET_LENGTH} characters, prefer the env variable (flags show in ps)`,
    parse: (raw, setting) => {
      if (raw.length < MIN_SECRET_LENGTH) throw new ConfigError(setting, `is too short: use at least ${MIN_SECRET_LENGTH} characters (e.g. openssl rand -hex 24)`);
      return raw;
    },
    format: (value) => (value === null ? 'none: remote control off' : 'set'),
  }),
] as const satisfies readonly Setting[];

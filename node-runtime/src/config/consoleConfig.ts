/**
 * Settings of the web console (`npm run web`): its own (`--port` and `--host` of the WEB server,
 * `--read-only`, `--nodes`) plus every node setting from settings.ts, with the node's `--port` and
 * `--host` renamed `--node-port` and `--node-host`. Same rules as the node: flags over environment
 * variables over defaults, and every error names its flag.
 */
import { ConfigError } from '../common/errors.js';
import type { ConsoleSettingsInput } from '../../contract/index.js';
import { applyConsoleSettings, consoleSettingsPath, EMPTY_CONSOLE_SETTINGS, hasConsoleSettings, readConsoleSettings } from './consoleSettingsFile.js';
import { validateClusterSettings } from './loadNodeConfig.js';
import { DEFAULT_NODE_CONFIG, isClusterMode, type NodeConfig } from './nodeConfig.js';
import { NODE_SETTINGS, type Setting } from './settings.js';
import { parseInteger } from './valueParsers.js';
import { findOnPath, LOCAL_CLUSTER_BINARIES, LOCAL_CLUSTER_FIX } from '../launch/localCluster.js';

export interface ConsoleConfig {
  /** Settings of every chat node the console runs; in the sandbox `port` is the first node's. */
  node: NodeConfig;
  /** `cluster` when cluster flags are given: one node joins it; else the embedded sandbox. */
  mode: 'embedded' | 'cluster';
  webHost: string;
  webPort: number;
  /** Sandbox size at start. */
  sandboxNodes: number;
  readOnly: boolean;
  /** `--local-cluster`: the console starts NATS + Redis and `nodes` chat node processes itself (cluster mode, registry nats). */
  localCluster: { nodes: number } | null;
  /** The saved cluster settings (consoleSettingsFile.ts) and whether they were used. */
  settings: ConsoleSettingsState;
}

export interface ConsoleSettingsState {
  file: string;
  /** `flags`: cluster flags or environment variables were given (saved settings unused). */
  source: 'flags' | 'settings' | 'defaults';
  /** The saved settings read at start. */
  saved: ConsoleSettingsInput;
  /** Problems with the saved settings (ignored); the host logs them. */
  warnings: string[];
}

/** Flags and environment variables that make the console join a cluster; any of them turns saved settings off. */
const CLUSTER_FLAGS = ['--nats', '--redis', '--consul', '--registry'];
const CLUSTER_ENV = ['CHAT_NATS', 'CHAT_REDIS', 'CHAT_CONSUL', 'CHAT_REGISTRY'];

export const MAX_SANDBOX_NODES = 16;
/** Chat node processes `--local-cluster` launches at most (the Failover lab's limit of launched nodes). */
export const MAX_LOCAL_CLUSTER_NODES = 8;

interface ConsoleSetting {
  flag: string;
  env: string;
  valueName: string;
  help: string;
  shownDefault: string;
  /** A switch: `--read-only` alone means true. */
  boolean?: boolean;
  apply(config: ConsoleConfig, raw: string, source: string): void;
}

const WEB_SETTINGS: readonly ConsoleSetting[] = [
  {
    flag: '--port',
    env: 'CONSOLE_PORT',
    valueName: 'PORT',
    help: 'port of the web console (0 picks a free one)',
    shownDefault: '7800',
    apply: (config, raw, source) => void (config.webPort = parseInteger(raw, source, 0, 65535)),
  },
  {
    flag: '--host',
    env: 'CONSOLE_HOST',
    valueName: 'ADDR',
    help: 'address the web console listens on (anyone who can reach it and has the token can use it)',
    shownDefault: '127.0.0.1',
    apply: (config, raw, source) => {
      if (raw.trim() === '') throw new ConfigError(source, 'must not be empty');
      config.webHost = raw.trim();
    },
  },
  {
    flag: '--read-only',
    env: 'CONSOLE_READ_ONLY',
    valueName: '',
    help: 'refuse every call that changes something (adding or removing sandbox nodes)',
    shownDefault: 'off',
    boolean: true,
    apply: (config, raw, source) => void (config.readOnly = parseSwitch(raw, source)),
  },
  {
    flag: '--nodes',
    env: 'CONSOLE_NODES',
    valueName: 'N',
    help: `how many in-process chat nodes the embedded sandbox starts (1-${MAX_SANDBOX_NODES}), or node processes --local-cluster launches (1-${MAX_LOCAL_CLUSTER_NODES})`,
    shownDefault: '3',
    apply: (config, raw, source) => void (config.sandboxNodes = parseInteger(raw, source, 1, MAX_SANDBOX_NODES)),
  },
  {
    flag: '--local-cluster',
    env: 'CONSOLE_LOCAL_CLUSTER',
    valueName: '',
    help: `start a NATS server (JetStream) and a Redis (AOF) on free ports, join them (registry nats) and launch --nodes chat node processes; all stop with the console (needs nats-server and redis-server: ${LOCAL_CLUSTER_FIX})`,
    shownDefault: 'off',
    boolean: true,
    apply: (config, raw, source) => void (config.localCluster = parseSwitch(raw, source) ? { nodes: 3 } : null),
  },
];

const RENAMED: Partial<Record<keyof NodeConfig, { flag: string; help: string }>> = {
  port: { flag: '--node-port', help: 'chat port of the first sandbox node (the others follow on the next ports) or of the cluster node; 0 = free ports' },
  host: { flag: '--node-host', help: 'address the console’s chat nodes listen on' },
  id: { flag: '--id', help: 'cluster mode only: id of the console’s own node (sandbox nodes are node-1…node-N)' },
  adminPort: { flag: '--admin-port', help: 'Prometheus metrics (/metrics) and health (/healthz) of each node; sandbox nodes use consecutive ports from this one (0 = free ones)' },
};

const NODE_FLAGS: readonly ConsoleSetting[] = (NODE_SETTINGS as readonly Setting[]).map((setting) => {
  const renamed = RENAMED[setting.key];
  const value = DEFAULT_NODE_CONFIG[setting.key];
  return {
    flag: renamed?.flag ?? setting.flag,
    env: setting.env,
    valueName: setting.valueName,
    help: renamed?.help ?? setting.help,
    shownDefault: setting.key === 'id' ? 'console-<pid>' : setting.format ? setting.format(value as never) : String(value),
    apply: (config, raw, source) => {
      (config.node as unknown as Record<string, unknown>)[setting.key] = setting.parse(raw, source);
    },
  };
});

const ALL_SETTINGS: readonly ConsoleSetting[] = [...WEB_SETTINGS, ...NODE_FLAGS];

/** Every console flag and whether it takes a value (switches do not): for launchers that must pick them out of a longer argv. */
export const CONSOLE_FLAGS: readonly { flag: string; takesValue: boolean }[] = ALL_SETTINGS.map((setting) => ({ flag: setting.flag, takesValue: setting.boolean !== true }));

export function loadConsoleConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, pid = process.pid): { config: ConsoleConfig; help: boolean } {
  const settings: ConsoleSettingsState = { file: consoleSettingsPath(env), source: 'defaults', saved: { ...EMPTY_CONSOLE_SETTINGS }, warnings: [] };
  const config: ConsoleConfig = { node: { ...DEFAULT_NODE_CONFIG }, mode: 'embedded', webHost: '127.0.0.1', webPort: 7800, sandboxNodes: 3, readOnly: false, localCluster: null, settings };
  const given = (name: string): boolean => env[name] !== undefined && env[name] !== '';
  for (const setting of ALL_SETTINGS) {
    const raw = env[setting.env];
    if (raw !== undefined && raw !== '') setting.apply(config, raw, setting.env);
  }
  const flags = new Set<string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const setting = ALL_SETTINGS.find((candidate) => candidate.flag === flag);
    if (!setting) throw new ConfigError(flag, 'unknown option (see --help)');
    const value = setting.boolean ? (inline ?? 'true') : (inline ?? argv[++i]);
    if (value === undefined) throw new ConfigError(flag, `needs a value (${setting.valueName})`);
    setting.apply(config, value, flag);
    flags.add(flag);
  }
  if (help) return { config, help };
  if (config.localCluster) return { config: localClusterConfig(config, flags, given, pid, env['PATH']), help };
  if (CLUSTER_FLAGS.some((flag) => flags.has(flag)) || CLUSTER_ENV.some(given)) {
    settings.source = 'flags';
    settings.saved = readConsoleSettings(settings.file, (warning) => settings.warnings.push(warning));
    config.node = validateClusterSettings(config.node, flags.has('--registry') || given('CHAT_REGISTRY'));
  } else {
    settings.saved = readConsoleSettings(settings.file, (warning) => settings.warnings.push(warning));
    config.node = applySavedSettings(config.node, settings);
  }
  config.mode = isClusterMode(config.node) ? 'cluster' : 'embedded';
  if (config.mode === 'cluster') {
    if (flags.has('--nodes') && settings.source === 'settings') {
      throw new ConfigError('--nodes', `sizes the embedded sandbox, but the cluster settings saved in ${settings.file} join a cluster: add --registry memory to run the sandbox anyway`);
    }
    if (flags.has('--nodes')) throw new ConfigError('--nodes', 'sizes the embedded sandbox: it cannot be used with cluster flags (--nats, --redis, --consul, --registry)');
    if (!flags.has('--id') && !given('CHAT_NODE_ID')) config.node.id = `console-${pid}`;
  } else {
    if (flags.has('--id')) throw new ConfigError('--id', 'names the console’s node in a cluster; sandbox nodes are named node-1…node-N (add --nats and --redis to join a cluster)');
    const last = config.node.port + config.sandboxNodes - 1;
    if (config.node.port !== 0 && last > 65535) throw new ConfigError('--node-port', `${config.node.port} leaves no room for ${config.sandboxNodes} consecutive ports: use a lower port or 0`);
  }
  return { config, help };
}

/**
 * `--local-cluster`: checked here (conflicts, --nodes, the binaries) so a bad start fails before
 * anything runs; the NATS and Redis addresses are filled in by the runtime once they listen.
 */
function localClusterConfig(config: ConsoleConfig, flags: Set<string>, given: (name: string) => boolean, pid: number, path: string | undefined): ConsoleConfig {
  const conflicting = [...CLUSTER_FLAGS.filter((flag) => flags.has(flag)), ...CLUSTER_ENV.filter(given)];
  if (conflicting.length > 0) {
    throw new ConfigError('--local-cluster', `starts its own NATS and Redis: it cannot be used with ${conflicting.join(', ')} (drop those to use the local cluster, or drop --local-cluster to join yours)`);
  }
  if (config.sandboxNodes > MAX_LOCAL_CLUSTER_NODES) throw new ConfigError('--nodes', `--local-cluster launches at most ${MAX_LOCAL_CLUSTER_NODES} node processes, got ${config.sandboxNodes}`);
  const missing = LOCAL_CLUSTER_BINARIES.filter((name) => findOnPath(name, path) === null);
  if (missing.length > 0) throw new ConfigError('--local-cluster', `needs ${missing.join(' and ')} on PATH, which has none: install them (${LOCAL_CLUSTER_FIX})`);
  config.localCluster = { nodes: config.sandboxNodes };
  config.mode = 'cluster';
  config.node = { ...config.node, registry: 'nats' };
  if (!flags.has('--id') && !given('CHAT_NODE_ID')) config.node.id = `console-${pid}`;
  config.settings.source = 'flags';
  return config;
}

/** No cluster flags: the saved settings as if they were flags; saved settings that do not hold together are ignored with a warning. */
function applySavedSettings(node: NodeConfig, settings: ConsoleSettingsState): NodeConfig {
  if (hasConsoleSettings(settings.saved)) {
    try {
      const applied = validateClusterSettings(applyConsoleSettings(node, settings.saved), settings.saved.registry !== '');
      settings.source = 'settings';
      return applied;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      settings.warnings.push(`${settings.file}: ${error.message.replace(/^--/, '')}; saved settings ignored`);
    }
  }
  return validateClusterSettings(node, false);
}

export function consoleHelpText(command: string): string {
  const rows = ALL_SETTINGS.map((setting) => [`  ${setting.flag}${setting.valueName ? ` ${setting.valueName}` : ''}`, `${setting.help} [default ${setting.shownDefault}; env ${setting.env}]`] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `Usage: ${command} [options]`,
    '',
    'Runs the web console and prints the URL to open (it carries a random access token).',
    `Without cluster flags it runs an embedded sandbox: --nodes chat nodes (default 3) in this process on`,
    'consecutive ports from --node-port, sharing in-memory backends; nodes can be added and removed from',
    'the console. With --nats and --redis (and --consul or --registry nats) it runs one chat node that',
    'joins that cluster and shows the whole cluster. SIGINT/SIGTERM stop everything cleanly.',
    'Flags override environment variables, which override defaults. Without any cluster flag or',
    'environment variable, the cluster settings saved from the console (Settings) are used.',
    '',
    'Options:',
    ...rows.map(([left, right]) => left.padEnd(width) + right),
    '  -h, --help'.padEnd(width) + 'show this help',
  ].join('\n');
}

function parseSwitch(raw: string, source: string): boolean {
  const text = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(source, `"${raw}" is not a switch value: use true or false`);
}

/**
 * Builds a NodeConfig from defaults, then environment variables, then command-line flags (the
 * later wins). Unknown flags and bad values raise a ConfigError that names the flag.
 */
import { ConfigError } from '../common/errors.js';
import { DEFAULT_NODE_CONFIG, type NodeConfig } from './nodeConfig.js';
import { NODE_SETTINGS, type Setting } from './settings.js';

export interface LoadedArgs {
  config: NodeConfig;
  help: boolean;
}

export function loadNodeConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): LoadedArgs {
  const config: NodeConfig = { ...DEFAULT_NODE_CONFIG };
  const assign = (setting: Setting, raw: string, source: string) => {
    (config as unknown as Record<string, unknown>)[setting.key] = setting.parse(raw, source);
  };
  for (const setting of NODE_SETTINGS as readonly Setting[]) {
    const raw = env[setting.env];
    if (raw !== undefined && raw !== '') assign(setting, raw, setting.env);
  }
  let help = false;
  let explicitRegistry = env['CHAT_REGISTRY'] !== undefined && env['CHAT_REGISTRY'] !== '';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const setting = (NODE_SETTINGS as readonly Setting[]).find((candidate) => candidate.flag === flag);
    if (!setting) throw new ConfigError(flag, `unknown option (see --help)`);
    const value = inlineValue ?? argv[++i];
    if (value === undefined) throw new ConfigError(flag, `needs a value (${setting.valueName})`);
    assign(setting, value, flag);
    if (setting.key === 'registry') explicitRegistry = true;
  }
  return { config: help ? config : validateClusterSettings(config, explicitRegistry), help };
}

export function nodeHelpText(command: string): string {
  const rows = (NODE_SETTINGS as readonly Setting[]).map((setting) => {
    const defaultValue = DEFAULT_NODE_CONFIG[setting.key];
    const shown = setting.format ? setting.format(defaultValue as never) : String(defaultValue);
    return [`  ${setting.flag} ${setting.valueName}`, `${setting.help} [default ${shown}; env ${setting.env}]`] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `Usage: ${command} [options]`,
    '',
    'Runs one chat-zinx compatible chat node. With no cluster flags it uses in-process backends;',
    'with --nats and --redis (and --consul or --registry nats) it joins a multi-process cluster.',
    'Flags override environment variables, which override defaults. SIGINT/SIGTERM stop it cleanly.',
    '',
    'Options:',
    ...rows.map(([left, right]) => left.padEnd(width) + right),
    '  -h, --help'.padEnd(width) + 'show this help',
  ].join('\n');
}

/**
 * Settings that only make sense together. A node that shares a bus with other processes must
 * also share their store and presence, or users on different nodes would not see each other.
 */
export function validateClusterSettings(config: NodeConfig, explicitRegistry: boolean): NodeConfig {
  const resolved = { ...config };
  if (!explicitRegistry) resolved.registry = config.consulUrl ? 'consul' : config.natsServers.length > 0 ? 'nats' : 'memory';
  const nats = config.natsServers.length > 0;
  if (nats && !config.redisUrl) {
    throw new ConfigError('--redis', 'is required with --nats: nodes sharing a bus must share presence and storage (e.g. --redis redis://127.0.0.1:6379)');
  }
  if (config.redisUrl && !nats) {
    throw new ConfigError('--nats', 'is required with --redis: nodes sharing storage must share a bus to reach each other (e.g. --nats nats://127.0.0.1:4222)');
  }
  if (resolved.registry === 'consul' && !config.consulUrl) {
    throw new ConfigError('--consul', 'is required with --registry consul (e.g. --consul http://127.0.0.1:8500)');
  }
  if (resolved.registry === 'nats' && !nats) {
    throw new ConfigError('--nats', 'is required with --registry nats (the registry is a NATS KV bucket)');
  }
  if (resolved.registry === 'memory' && nats) {
    throw new ConfigError('--registry', 'memory cannot be shared by several processes: use --registry nats or --registry consul with --nats');
  }
  if (config.consulUrl && !nats) {
    throw new ConfigError('--nats', 'is required with --consul: a registered node must be reachable by the others through the bus (add --nats and --redis)');
  }
  return resolved;
}

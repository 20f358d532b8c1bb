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
  }
  return { config, help };
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
    'Runs one chat-zinx compatible chat node on the embedded (in-process) backends.',
    'Flags override environment variables, which override defaults. SIGINT/SIGTERM stop it cleanly.',
    '',
    'Options:',
    ...rows.map(([left, right]) => left.padEnd(width) + right),
    '  -h, --help'.padEnd(width) + 'show this help',
  ].join('\n');
}

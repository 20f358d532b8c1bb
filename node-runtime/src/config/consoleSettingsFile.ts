/**
 * The console's saved cluster settings: `settings.json` in the user's config folder
 * (`$CHAT_CONSOLE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/chat-zinx-console`, else
 * `~/.config/chat-zinx-console`; Electron sets CHAT_CONSOLE_CONFIG_DIR to its userData folder).
 * Reading never throws: a missing file is empty, a corrupt file or a field of the wrong type is
 * ignored with a warning. Writing is atomic (temp file + rename). Values are checked with the
 * node's own parsers and validateClusterSettings, so the same combinations are refused.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ConsoleSettingsInput } from '../../contract/index.js';
import { ConfigError } from '../common/errors.js';
import { validateClusterSettings } from './loadNodeConfig.js';
import { DEFAULT_NODE_CONFIG, type NodeConfig } from './nodeConfig.js';
import { NODE_SETTINGS } from './settings.js';
import { writeFileAtomic } from '../common/atomicFile.js';

export const SETTINGS_FILE_NAME = 'settings.json';
export const CONFIG_DIR_ENV = 'CHAT_CONSOLE_CONFIG_DIR';
export const SETTINGS_FIELDS = ['nats', 'redis', 'consul', 'registry'] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
export const REGISTRY_CHOICES = ['consul', 'nats', 'memory', ''] as const;

/** The flag each field stands for. */
const FLAG_OF: Record<SettingsField, string> = { nats: '--nats', redis: '--redis', consul: '--consul', registry: '--registry' };

export const EMPTY_CONSOLE_SETTINGS: ConsoleSettingsInput = { nats: '', redis: '', consul: '', registry: '' };

type Env = Readonly<Record<string, string | undefined>>;

export function consoleConfigDir(env: Env): string {
  const explicit = env[CONFIG_DIR_ENV];
  if (explicit !== undefined && explicit.trim() !== '') return explicit;
  const xdg = env['XDG_CONFIG_HOME'];
  if (xdg !== undefined && xdg.trim() !== '') return join(xdg, 'chat-zinx-console');
  return join(os.homedir(), '.config', 'chat-zinx-console');
}

export function consoleSettingsPath(env: Env): string {
  return join(consoleConfigDir(env), SETTINGS_FILE_NAME);
}

export function hasConsoleSettings(settings: ConsoleSettingsInput): boolean {
  return SETTINGS_FIELDS.some((field) => settings[field] !== '');
}

export function sameConsoleSettings(a: ConsoleSettingsInput, b: ConsoleSettingsInput): boolean {
  return SETTINGS_FIELDS.every((field) => a[field] === b[field]);
}

/** The saved settings; never throws. Each problem is reported through `warn` and ignored. */
export function readConsoleSettings(file: string, warn: (message: string) => void = () => {}): ConsoleSettingsInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`${file}: cannot be read (${(error as Error).message}); using no saved settings`);
    return { ...EMPTY_CONSOLE_SETTINGS };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    warn(`${file}: is not valid JSON; ignored`);
    return { ...EMPTY_CONSOLE_SETTINGS };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    warn(`${file}: must hold a JSON object; ignored`);
    return { ...EMPTY_CONSOLE_SETTINGS };
  }
  const settings: ConsoleSettingsInput = { ...EMPTY_CONSOLE_SETTINGS };
  const fields = parsed as Record<string, unknown>;
  for (const field of SETTINGS_FIELDS) {
    const value = fields[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      warn(`${file}: field "${field}" must be a string; ignored`);
      continue;
    }
    if (field === 'registry') {
      if (!(REGISTRY_CHOICES as readonly string[]).includes(value)) {
        warn(`${file}: field "registry" must be consul, nats, memory or empty; ignored`);
        continue;
      }
      settings.registry = value as ConsoleSettingsInput['registry'];
    } else {
      settings[field] = value.trim();
    }
  }
  return settings;
}

/** Writes the settings atomically: a temp file next to it, then a rename over it. */
export function writeConsoleSettings(file: string, settings: ConsoleSettingsInput): void {
  const body = JSON.stringify({ nats: settings.nats, redis: settings.redis, consul: settings.consul, registry: settings.registry }, null, 2) + '\n';
  writeFileAtomic(file, body);
}

/**
 * Applies the non-empty settings to `config` with the node's parsers (as if they were flags).
 * Errors are ConfigErrors naming the field (`nats`, `redis`, `consul`, `registry`).
 */
export function applyConsoleSettings(config: NodeConfig, settings: ConsoleSettingsInput): NodeConfig {
  const next = { ...config };
  for (const field of SETTINGS_FIELDS) {
    const raw = settings[field];
    if (raw === '') continue;
    const setting = NODE_SETTINGS.find((candidate) => candidate.flag === FLAG_OF[field]);
    if (!setting) continue;
    (next as unknown as Record<string, unknown>)[setting.key] = (setting.parse as (raw: string, name: string) => unknown)(raw.trim(), field);
  }
  return next;
}

/**
 * Checks settings the way the node checks its flags (each value, then the combination) and
 * returns them trimmed. Throws a ConfigError whose setting is the field name.
 */
export function validateConsoleSettings(settings: ConsoleSettingsInput): ConsoleSettingsInput {
  const trimmed: ConsoleSettingsInput = { nats: settings.nats.trim(), redis: settings.redis.trim(), consul: settings.consul.trim(), registry: settings.registry };
  const applied = applyConsoleSettings({ ...DEFAULT_NODE_CONFIG }, trimmed);
  try {
    validateClusterSettings(applied, trimmed.registry !== '');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const field = SETTINGS_FIELDS.find((name) => FLAG_OF[name] === error.setting);
    if (field === undefined) throw error;
    throw new ConfigError(field, error.message.slice(error.setting.length + 2));
  }
  return trimmed;
}

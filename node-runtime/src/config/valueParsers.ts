/** Parsers for setting values; each error names the setting and shows an accepted form. */
import { ConfigError } from '../common/errors.js';

export function parseInteger(raw: string, setting: string, min: number, max: number): number {
  const text = raw.trim();
  if (!/^-?\d+$/.test(text)) throw new ConfigError(setting, `"${raw}" is not a whole number`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(setting, `${text} is out of range: use ${min} to ${max}`);
  }
  return value;
}

/** One URL whose scheme is one of `protocols`, e.g. redis://127.0.0.1:6379. */
export function parseUrl(raw: string, setting: string, protocols: readonly string[]): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(setting, `"${raw}" is not a URL: use e.g. ${protocols[0]}//127.0.0.1:${defaultPort(protocols[0])}`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(setting, `"${raw}" must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  if (url.hostname === '') throw new ConfigError(setting, `"${raw}" has no host`);
  return raw.trim();
}

/** A comma-separated list of URLs. */
export function parseUrlList(raw: string, setting: string, protocols: readonly string[]): string[] {
  const parts = raw.split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (parts.length === 0) throw new ConfigError(setting, 'needs at least one URL');
  return parts.map((part) => parseUrl(part, setting, protocols));
}

function defaultPort(protocol: string | undefined): number {
  return protocol === 'nats:' ? 4222 : protocol === 'redis:' ? 6379 : 8500;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `180` (seconds), `180s`, `3m`, `1500ms`, `1h30m`. */
export function parseDurationMs(raw: string, setting: string): number {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return parseInteger(text, setting, 0, 365 * 86400) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new ConfigError(setting, `"${raw}" is not a duration: use e.g. 180s, 3m, 1500ms or a number of seconds`);
  }
  const total = parts.reduce((sum, part) => sum + Number(part[1]) * (DURATION_UNITS[part[2] as string] ?? 0), 0);
  return Math.round(total);
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1000, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3 };

/** `8192`, `64KiB`, `8MiB`, `1MB`. */
export function parseByteSize(raw: string, setting: string, min: number, max: number): number {
  const match = /^(\d+)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = BYTE_UNITS[match?.[2]?.toLowerCase() ?? 'x'];
  if (!match || unit === undefined) throw new ConfigError(setting, `"${raw}" is not a size: use e.g. 8192, 64KiB or 8MiB`);
  const value = Number(match[1]) * unit;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(setting, `${raw.trim()} is out of range: use ${min} to ${max} bytes`);
  }
  return value;
}

import { ConfigError } from '../common/errors.js';

export interface ServerAddress {
  host: string;
  port: number;
  /** As the user wrote it; used in events and error messages. */
  label: string;
}

/** Parses `host:port` (or `[v6]:port`). @throws ConfigError naming `setting`. */
export function parseServerAddress(text: string, setting = 'servers'): ServerAddress {
  const trimmed = text.trim();
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(trimmed);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (!match || !host || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(setting, `"${text}" is not a host:port address (e.g. 127.0.0.1:9000)`);
  }
  return { host, port, label: trimmed };
}

/** Parses a comma-separated failover list (`a:1,b:2`); empty entries are ignored. */
export function parseServerList(text: string, setting = 'servers'): ServerAddress[] {
  const entries = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (entries.length === 0) throw new ConfigError(setting, 'no server address given');
  return entries.map((entry) => parseServerAddress(entry, setting));
}

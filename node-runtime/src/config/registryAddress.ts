/**
 * What a chat *client's* `--registry` names: where it reads the nodes and their load to pick one
 * (the node's own `--registry KIND` is a different setting). Both forms are readable without
 * cluster credentials:
 *
 * - `consul://host[:port][?service=NAME]` (`consul+https://` for TLS; default port 8500, service
 *   `chat-server`): Consul's health API, passing instances only, load from the service meta.
 * - `nats://host[:port][,host:port…][?bucket=NAME]` (`tls://` too; default port 4222, bucket
 *   `chat_nodes`): the NATS KV registry, read with stream info and gets only.
 *
 * Pure (no I/O).
 */
import { ConfigError } from '../common/errors.js';

export type RegistryAddress =
  | { kind: 'consul'; url: string; serviceName: string; label: string }
  | { kind: 'nats'; servers: string[]; bucket: string; label: string };

/** The client's setting, described once for its flag parsing and --help. */
export const CLIENT_REGISTRY_SETTING = {
  flag: '--registry',
  env: 'CHAT_REGISTRY_URL',
  valueName: 'URL',
  help: 'pick the least-loaded passing node from a registry instead of a fixed list: consul://HOST:8500 or nats://HOST:4222 (KV bucket chat_nodes); reconnects pick again',
} as const;

const EXAMPLE = 'e.g. consul://127.0.0.1:8500 or nats://127.0.0.1:4222';
const NAME = /^[A-Za-z0-9_-]{1,128}$/;

export function parseRegistryAddress(raw: string, setting: string = CLIENT_REGISTRY_SETTING.flag): RegistryAddress {
  const text = raw.trim();
  const scheme = /^([a-z+]+):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'consul' || scheme === 'consul+https') return consulAddress(text, scheme, setting);
  if (scheme === 'nats' || scheme === 'tls') return natsAddress(text, scheme, setting);
  throw new ConfigError(setting, `"${raw}" is not a registry address: use ${EXAMPLE}`);
}

function consulAddress(text: string, scheme: string, setting: string): RegistryAddress {
  const url = parse(text, setting);
  if (url.hostname === '') throw new ConfigError(setting, `"${text}" has no host: use ${EXAMPLE}`);
  const serviceName = url.searchParams.get('service') ?? 'chat-server';
  if (!NAME.test(serviceName)) throw new ConfigError(setting, `service ${JSON.stringify(serviceName)} must be 1-128 letters, digits, "_" or "-"`);
  const http = `${scheme === 'consul+https' ? 'https' : 'http'}://${hostPort(url, 8500)}`;
  return { kind: 'consul', url: http, serviceName, label: `consul://${hostPort(url, 8500)} (service ${serviceName})` };
}

function natsAddress(text: string, scheme: string, setting: string): RegistryAddress {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  let bucket = 'chat_nodes';
  const servers = parts.map((part) => {
    const url = parse(/^[a-z+]+:\/\//i.test(part) ? part : `${scheme}://${part}`, setting);
    if (url.protocol !== 'nats:' && url.protocol !== 'tls:') throw new ConfigError(setting, `"${part}" must start with nats:// or tls://`);
    if (url.hostname === '') throw new ConfigError(setting, `"${part}" has no host: use ${EXAMPLE}`);
    bucket = url.searchParams.get('bucket') ?? bucket;
    return `${url.protocol}//${hostPort(url, 4222)}`;
  });
  if (!NAME.test(bucket)) throw new ConfigError(setting, `bucket ${JSON.stringify(bucket)} must be 1-128 letters, digits, "_" or "-"`);
  return { kind: 'nats', servers, bucket, label: `${servers.join(',')} (bucket ${bucket})` };
}

function parse(text: string, setting: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new ConfigError(setting, `"${text}" is not a URL: use ${EXAMPLE}`);
  }
}

function hostPort(url: URL, defaultPort: number): string {
  return `${url.hostname}:${url.port || defaultPort}`;
}

/**
 * A node's Consul service registration: ID = node id, Name = the cluster's service name, tags,
 * string meta cleaned to Consul's rules (≤64 pairs, keys ≤128 chars of [A-Za-z0-9_-] not starting
 * with `consul-`, values ≤512 chars), a routable Address (Consul refuses 0.0.0.0 and ::), a TTL
 * check the node passes (`service:<id>:ttl`, with DeregisterCriticalServiceAfter) and optionally a
 * TCP check Consul runs against address:port (`service:<id>:tcp`).
 */
import os from 'node:os';
import type { ServiceRegistration } from './consulClient.js';
import type { NodeInfo, RegistrationOptions } from './nodeRegistry.js';

export interface TcpCheckSettings {
  intervalMs: number;
  timeoutMs: number;
}

export const DEFAULT_TCP_CHECK: TcpCheckSettings = { intervalMs: 10_000, timeoutMs: 2_000 };

const META_MAX_PAIRS = 64;
const META_KEY_MAX = 128;
const META_VALUE_MAX = 512;

export function ttlCheckId(nodeId: string): string {
  return `service:${nodeId}:ttl`;
}

export function tcpCheckId(nodeId: string): string {
  return `service:${nodeId}:tcp`;
}

/** A Go duration string Consul parses exactly (`1500ms`). */
export function goDuration(ms: number): string {
  return `${Math.max(1, Math.round(ms))}ms`;
}

/** Meta as Consul accepts it; `problems` says what had to change (for a warning). */
export function consulMeta(meta: Record<string, string>): { meta: Record<string, string>; problems: string[] } {
  const result: Record<string, string> = {};
  const problems: string[] = [];
  for (const [rawKey, rawValue] of Object.entries(meta)) {
    let key = rawKey.replace(/[^A-Za-z0-9_-]/g, '_');
    if (key.startsWith('consul-')) key = `x-${key}`;
    key = key.slice(0, META_KEY_MAX);
    if (key === '') {
      problems.push('dropped a meta entry with an empty key');
      continue;
    }
    if (key !== rawKey) problems.push(`meta key ${JSON.stringify(rawKey)} sent as ${JSON.stringify(key)} (Consul allows [A-Za-z0-9_-], ≤${META_KEY_MAX} chars, no consul- prefix)`);
    let value = String(rawValue);
    if (value.length > META_VALUE_MAX) {
      problems.push(`meta ${JSON.stringify(key)} truncated to ${META_VALUE_MAX} characters`);
      value = value.slice(0, META_VALUE_MAX);
    }
    if (Object.keys(result).length >= META_MAX_PAIRS) {
      problems.push(`meta ${JSON.stringify(key)} dropped: Consul allows at most ${META_MAX_PAIRS} pairs`);
      continue;
    }
    result[key] = value;
  }
  return { meta: result, problems };
}

/** The address to advertise: a wildcard listen address becomes this host's first external IPv4 (else loopback). */
export function advertisedAddress(address: string): string {
  if (address !== '0.0.0.0' && address !== '::' && address !== '') return address;
  for (const infos of Object.values(os.networkInterfaces())) {
    for (const info of infos ?? []) if (info.family === 'IPv4' && !info.internal) return info.address;
  }
  return '127.0.0.1';
}

export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export function serviceRegistration(
  serviceName: string,
  node: NodeInfo,
  options: RegistrationOptions,
  tcp: TcpCheckSettings | false,
): { registration: ServiceRegistration; problems: string[] } {
  const address = advertisedAddress(node.address);
  const { meta, problems } = consulMeta(node.meta);
  if (address !== node.address) problems.push(`address ${node.address} advertised as ${address}`);
  const checks: Record<string, string>[] = [
    {
      checkid: ttlCheckId(node.id),
      name: 'chat node heartbeat',
      notes: `the node passes this every few seconds; critical for ${goDuration(options.deregisterCriticalAfterMs)} (Consul's minimum is 1m) deregisters it`,
      ttl: goDuration(options.ttlMs),
      deregistercriticalserviceafter: goDuration(options.deregisterCriticalAfterMs),
    },
  ];
  if (tcp) {
    checks.push({
      checkid: tcpCheckId(node.id),
      name: 'chat port reachable',
      tcp: hostPort(address, node.port),
      interval: goDuration(tcp.intervalMs),
      timeout: goDuration(tcp.timeoutMs),
      // The node registers after it listens: start passing, Consul's probes correct it.
      status: 'passing',
    });
  }
  return {
    registration: { id: node.id, name: serviceName, address, port: node.port, tags: [...node.tags], meta, checks },
    problems,
  };
}

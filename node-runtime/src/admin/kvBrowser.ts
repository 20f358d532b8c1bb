/**
 * browseKv: the registry's key/value store, read-only. A registry that can list its KV (the
 * Consul registry: the agent's KV; the NATS KV registry: its bucket) has a `kvList(prefix)`
 * method; the console finds it by shape, so this file never imports a driver or a backend.
 */
import type { KvEntryView } from '../../contract/index.js';
import type { NodeRegistry } from '../cluster/registry/nodeRegistry.js';
import { AdminError } from './adminErrors.js';

/** What ConsulRegistry.kvList and NatsKvRegistry.kvList return (the fields used here). */
export interface KvListing {
  key: string;
  /** UTF-8 text, or base64 when `binary`; null when empty. */
  value: string | null;
  binary: boolean;
  modifyIndex: number | null;
}

interface KvListingRegistry {
  kvList(prefix: string): Promise<KvListing[]>;
}

function canListKv(registry: NodeRegistry): registry is NodeRegistry & KvListingRegistry {
  return typeof (registry as Partial<KvListingRegistry>).kvList === 'function';
}

export async function browseRegistryKv(registry: NodeRegistry, mode: 'embedded' | 'cluster', prefix: string): Promise<KvEntryView[]> {
  if (mode === 'embedded') {
    throw new AdminError('NOT_AVAILABLE', 'the embedded sandbox has no KV store: browseKv reads Consul KV or the NATS KV registry bucket of a real cluster (start the console with --consul or --registry nats)');
  }
  if (!canListKv(registry)) {
    throw new AdminError('NOT_AVAILABLE', `the ${registry.kind} registry has no KV store to browse (use --consul or --registry nats)`);
  }
  const entries = await registry.kvList(prefix);
  return entries
    .map((entry) => ({
      key: entry.key,
      value: entry.value === null ? '' : entry.binary ? `base64:${entry.value}` : entry.value,
      modifyIndex: entry.modifyIndex,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

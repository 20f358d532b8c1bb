/**
 * Consul KV as the registry exposes it: cluster settings (JSON values under a prefix, with a
 * problem line for each key that is not valid JSON) and a read-only browse for the console.
 */
import type { KvItem } from './consulClient.js';

export interface ClusterSettings {
  /** Key (relative to the prefix) → parsed JSON value. */
  values: Record<string, unknown>;
  /** Keys that could not be used, and why. */
  problems: string[];
}

export interface KvEntry {
  key: string;
  /** UTF-8 text, or base64 when `binary`; null when empty. */
  value: string | null;
  binary: boolean;
  size: number;
  flags: number;
  createIndex: number;
  modifyIndex: number;
  lockIndex: number;
  session?: string;
}

export function parseClusterSettings(items: KvItem[], prefix: string): ClusterSettings {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const item of items) {
    const key = item.key.slice(prefix.length);
    if (key === '' || (key.endsWith('/') && !item.value?.length)) continue; // folder markers
    const text = item.value?.toString('utf8') ?? '';
    try {
      values[key] = JSON.parse(text) as unknown;
    } catch (error) {
      problems.push(`${item.key}: not valid JSON (${error instanceof Error ? error.message : String(error)}); fix it with: consul kv put ${item.key} '<json>'`);
    }
  }
  return { values, problems };
}

export function toKvEntries(items: KvItem[]): KvEntry[] {
  return items.map((item) => {
    const bytes = item.value ?? Buffer.alloc(0);
    const text = decodeUtf8(bytes);
    return {
      key: item.key,
      value: bytes.length === 0 ? null : (text ?? bytes.toString('base64')),
      binary: bytes.length > 0 && text === undefined,
      size: bytes.length,
      flags: item.flags,
      createIndex: item.createIndex,
      modifyIndex: item.modifyIndex,
      lockIndex: item.lockIndex,
      ...(item.session ? { session: item.session } : {}),
    };
  });
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

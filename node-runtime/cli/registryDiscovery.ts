/**
 * The client's `--registry`: turns a registry address into the ServerDiscovery a ChatClient asks
 * before each connect. This is where the client side picks a registry reader (like chatNode.ts does
 * for nodes); the drivers load only when that registry is used.
 */
import { registryDiscovery, type NodeSelector, type SelectionOptions, type ServerDiscovery } from '../src/client/index.js';
import type { ConsulNodeReader } from '../src/cluster/registry/consulNodeReader.js';
import type { RegistryAddress } from '../src/config/registryAddress.js';

export interface RegistryDiscoveryHandle extends ServerDiscovery {
  /** Releases the reader (idempotent). */
  close(): void;
}

export interface OpenRegistryDiscoveryOptions {
  /** Bound on one registry read. Default 3000 ms. */
  timeoutMs?: number;
  /** Selection settings, or a NodeSelector shared by the clients of one process. */
  selection?: SelectionOptions | NodeSelector;
}

export function openRegistryDiscovery(address: RegistryAddress, options: OpenRegistryDiscoveryOptions = {}): RegistryDiscoveryHandle {
  const timeoutMs = options.timeoutMs ?? 3000;
  let reader: ConsulNodeReader | undefined;
  let closeReader = () => {};
  const listNodes = async () => {
    if (address.kind === 'nats') {
      const { readNatsKvNodes } = await import('../src/cluster/registry/natsKvNodeReader.js');
      return readNatsKvNodes({ servers: address.servers, bucket: address.bucket, timeoutMs });
    }
    const { ConsulNodeReader } = await import('../src/cluster/registry/consulNodeReader.js');
    reader ??= new ConsulNodeReader({ url: address.url, serviceName: address.serviceName, timeoutMs, ...consulToken() });
    closeReader = () => reader?.close();
    return reader.list();
  };
  const discovery = registryDiscovery({ label: address.label, listNodes, ...(options.selection ? { selection: options.selection } : {}) });
  return {
    label: discovery.label,
    discover: (avoid) => discovery.discover(avoid),
    close: () => {
      closeReader();
      closeReader = () => {};
    },
  };
}

/** Consul's own convention for the ACL token. */
function consulToken(): { token?: string } {
  const token = process.env['CONSUL_HTTP_TOKEN'];
  return token ? { token } : {};
}

/**
 * A read-only look at the NATS KV registry for clients choosing a node: one short connection per
 * read (a client reads only when it connects or reconnects), a stream-info key listing and one get
 * per key — no consumer, no writes, no bucket creation. So a NATS user that may only request
 * `$JS.API.STREAM.INFO.KV_<bucket>`, `$JS.API.DIRECT.GET.KV_<bucket>.>` (or `$JS.API.STREAM.MSG.GET.KV_<bucket>`)
 * and subscribe to `_INBOX.>` can read it: no cluster credentials.
 */
import { Kvm } from '@nats-io/kv';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ChatError } from '../../common/errors.js';
import { describeError } from '../bus/natsStreams.js';
import { evaluate, parseEntry } from './natsKvEntries.js';
import type { NodeStatus } from './nodeRegistry.js';

export interface NatsKvNodeReaderOptions {
  /** `nats://host:port` URLs. */
  servers: string[];
  /** Default `chat_nodes`. */
  bucket?: string;
  /** Bound on connecting and on each request. Default 3000 ms. */
  timeoutMs?: number;
  /** Client name shown by the server. Default `chat-client-registry-read`. */
  name?: string;
  now?: () => number;
}

export class RegistryReadError extends ChatError {
  override readonly name = 'RegistryReadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('REGISTRY_READ_FAILED', message, options);
  }
}

/** Every node the bucket lists, with health evaluated now (critical ones included; the caller filters). */
export async function readNatsKvNodes(options: NatsKvNodeReaderOptions): Promise<NodeStatus[]> {
  const bucket = options.bucket ?? 'chat_nodes';
  const timeout = options.timeoutMs ?? 3000;
  const where = `${options.servers.join(',')} (KV bucket ${bucket})`;
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: options.servers, name: options.name ?? 'chat-client-registry-read', timeout, maxReconnectAttempts: 0, noAsyncTraces: true });
  } catch (error) {
    throw new RegistryReadError(`cannot reach the registry at ${where}: ${describeError(error)}`, { cause: error });
  }
  try {
    const prefix = `$KV.${bucket}.`;
    const jsm = await jetstreamManager(nc, { timeout, checkAPI: false });
    const info = await jsm.streams.info(`KV_${bucket}`, { subjects_filter: `${prefix}>` }).catch((error: unknown) => {
      throw new RegistryReadError(`cannot read ${where}: ${describeError(error)} (do the nodes run with --registry nats against this NATS?)`, { cause: error });
    });
    const kv = await new Kvm(jetstream(nc, { timeout })).open(bucket, { allow_direct: info.config.allow_direct === true });
    const keys = Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(prefix.length));
    const entries = await Promise.all(keys.map((key) => kv.get(key)));
    const now = (options.now ?? Date.now)();
    const nodes: NodeStatus[] = [];
    for (const entry of entries) {
      const stored = entry ? parseEntry(entry) : undefined;
      const evaluated = stored ? evaluate(stored, now) : undefined;
      if (evaluated) nodes.push(evaluated.status);
    }
    return nodes.sort((a, b) => a.id.localeCompare(b.id));
  } catch (error) {
    if (error instanceof RegistryReadError) throw error;
    throw new RegistryReadError(`cannot read ${where}: ${describeError(error)}`, { cause: error });
  } finally {
    await nc.close().catch(() => undefined);
  }
}

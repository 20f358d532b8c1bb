/**
 * The JetStream streams that make bus traffic durable: CHAT over `chat.>` (24 h) and SYSTEM over
 * `system.>` (7 d), file storage, discard old, a 2-minute duplicate window for Nats-Msg-Id. With
 * `replicas: 'auto'` a stream is created R3 and, when the server says it cannot place three
 * replicas (a single server, or a cluster with fewer than three JetStream servers up), R1. An
 * existing stream is used as it is (its replica count is reported, never changed here).
 */
import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Logger } from '../../common/logger.js';
import { NatsUnavailableError } from './natsConnection.js';

export type ReplicaChoice = 'auto' | 1 | 3;

export interface BusStreamSpec {
  name: string;
  subjects: string[];
  maxAgeMs: number;
  maxMsgs: number;
  maxBytes: number;
  maxMsgSize: number;
}

const HOUR = 3_600_000;

export const CHAT_STREAM: BusStreamSpec = {
  name: 'CHAT',
  subjects: ['chat.>'],
  maxAgeMs: 24 * HOUR,
  maxMsgs: 5_000_000,
  maxBytes: 1024 ** 3, // 1 GiB per replica
  maxMsgSize: 1024 * 1024,
};

export const SYSTEM_STREAM: BusStreamSpec = {
  name: 'SYSTEM',
  subjects: ['system.>'],
  maxAgeMs: 7 * 24 * HOUR,
  maxMsgs: 1_000_000,
  maxBytes: 256 * 1024 ** 2,
  maxMsgSize: 1024 * 1024,
};

export const BUS_STREAMS: readonly BusStreamSpec[] = [CHAT_STREAM, SYSTEM_STREAM];

export const DUPLICATE_WINDOW_MS = 2 * 60_000;

export interface EnsuredStream {
  name: string;
  replicas: number;
  created: boolean;
}

/** Server answers that mean "cannot place that many replicas here" (10074: not clustered; 10023: insufficient resources). */
export function isReplicaPlacementError(error: unknown): boolean {
  if (error instanceof JetStreamApiError && (error.code === 10074 || error.code === 10023)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /insufficient resources|replicas > 1 not supported|not clustered/i.test(message);
}

export function streamConfig(spec: BusStreamSpec, replicas: number): StreamConfig {
  return {
    name: spec.name,
    subjects: spec.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(spec.maxAgeMs),
    max_msgs: spec.maxMsgs,
    max_bytes: spec.maxBytes,
    max_msg_size: spec.maxMsgSize,
    max_msgs_per_subject: -1,
    max_consumers: -1,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: replicas,
  } as StreamConfig;
}

/**
 * Creates a missing stream (R3 first under 'auto'), or finds the existing one. Retries transient
 * JetStream unavailability (e.g. a cluster still electing its meta leader) until `deadline`.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  spec: BusStreamSpec,
  replicas: ReplicaChoice,
  logger: Logger,
  deadline: number,
): Promise<EnsuredStream> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureOnce(jsm, spec, replicas, logger);
    } catch (error) {
      const transient = !(error instanceof JetStreamApiError) || error.code === 10008;
      if (!transient || Date.now() >= deadline) {
        throw new NatsUnavailableError(`cannot create or find JetStream stream ${spec.name}: ${describeError(error)}`, { cause: error });
      }
      logger.warn('nats_stream_retry', { stream: spec.name, attempt, error: describeError(error) });
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, 100 * attempt)));
    }
  }
}

async function ensureOnce(jsm: JetStreamManager, spec: BusStreamSpec, replicas: ReplicaChoice, logger: Logger): Promise<EnsuredStream> {
  const existing = await findStream(jsm, spec.name);
  if (existing) {
    const subjects = existing.config.subjects ?? [];
    if (spec.subjects.some((subject) => !subjects.includes(subject))) {
      logger.warn('nats_stream_subjects_differ', { stream: spec.name, have: subjects.join(','), want: spec.subjects.join(',') });
    }
    const have = existing.config.num_replicas;
    logger.info('nats_stream_found', { stream: spec.name, replicas: have });
    return { name: spec.name, replicas: have, created: false };
  }
  if (replicas !== 'auto') return create(jsm, spec, replicas, logger, `replicas ${replicas} requested`);
  try {
    return await create(jsm, spec, 3, logger, 'auto: the cluster can place 3 replicas');
  } catch (error) {
    if (!isReplicaPlacementError(error)) throw error;
    return create(jsm, spec, 1, logger, `auto: fewer than 3 JetStream servers (${describeError(error)})`);
  }
}

async function create(jsm: JetStreamManager, spec: BusStreamSpec, replicas: number, logger: Logger, reason: string): Promise<EnsuredStream> {
  try {
    const info = await jsm.streams.add(streamConfig(spec, replicas));
    logger.info('nats_stream_created', { stream: spec.name, replicas: info.config.num_replicas, reason });
    return { name: spec.name, replicas: info.config.num_replicas, created: true };
  } catch (error) {
    // Another node created it between our lookup and our add.
    if (error instanceof JetStreamApiError && error.code === 10058) {
      const raced = await findStream(jsm, spec.name);
      if (raced) return { name: spec.name, replicas: raced.config.num_replicas, created: false };
    }
    throw error;
  }
}

async function findStream(jsm: JetStreamManager, name: string): Promise<Awaited<ReturnType<JetStreamManager['streams']['info']>> | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === 10059) return undefined;
    throw error;
  }
}

export function describeError(error: unknown): string {
  if (error instanceof JetStreamApiError) return `${error.message} (JetStream error ${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

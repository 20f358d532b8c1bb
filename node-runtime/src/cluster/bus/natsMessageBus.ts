/**
 * The cluster MessageBus: live delivery over core NATS subscriptions (a node subscribes to what
 * its local users and groups need, as the router does), durability over JetStream (every publish
 * is a JetStream publish into CHAT or SYSTEM, so the same message also reaches the core
 * subscribers; it resolves on the PubAck, i.e. once stored — R3 on a 3-server cluster).
 *
 * Publishing while disconnected does not fail at once and never hangs: it waits for the
 * reconnect (and for a stream leader, after a server died) up to `publishTimeoutMs` in total,
 * re-sending with the same Nats-Msg-Id (so a retry after a lost ack is stored once), then rejects
 * with NatsUnavailableError. An attempt in flight when the connection drops is retried at once
 * after the reconnect instead of waiting out its ack timeout.
 *
 * Every publish carries a Nats-Msg-Id (the caller's msgId, or one made per call): JetStream
 * stores a repeat within its 2-minute duplicate window once, and each subscription drops a repeat
 * among the last 512 ids it delivered (core NATS itself would deliver every re-send).
 *
 * Core subscriptions are live only: what is published while this client is disconnected is
 * stored in the stream but not replayed to it (the MessageBus port has no replay).
 */
import { JetStreamApiError, type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { nuid, type Subscription } from '@nats-io/transport-node';
import { ChatError } from '../../common/errors.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { BackendHealth } from '../backendHealth.js';
import type { BusMessage, BusSubscription, MessageBus, PublishOptions } from './messageBus.js';
import { NatsUnavailableError, openNatsLink, type NatsConnectionOptions, type NatsLink } from './natsConnection.js';
import { PubAckCollector, PubAckError, PubAckTimeoutError } from './natsPubAcks.js';
import { BUS_STREAMS, describeError, ensureStream, type EnsuredStream, type ReplicaChoice } from './natsStreams.js';

export interface NatsBusOptions extends NatsConnectionOptions {
  /** Stream replicas: 'auto' (default) = 3 when the cluster can place them, else 1. */
  replicas?: ReplicaChoice;
  /**
   * Total bound on one publish, waiting for a reconnect or a new stream leader included. Default
   * 8000 ms: nats-server 2.9 takes about 4–9 s to elect a new stream leader after the old one died,
   * and a chat client waits 10 s for its ack.
   */
  publishTimeoutMs?: number;
  /** Bound on one PubAck round trip before the publish is re-sent (same msgId). Default 1000 ms. */
  ackTimeoutMs?: number;
}

/** A subject that is not a plain NATS subject of the bus (empty token, space, wildcard where none may be…). */
export class InvalidSubjectError extends ChatError {
  override readonly name = 'InvalidSubjectError';
  constructor(
    readonly subject: string,
    reason: string,
  ) {
    super('INVALID_SUBJECT', `not a valid bus subject (${reason}): ${JSON.stringify(subject.slice(0, 80))}`);
  }
}

export class BusClosedError extends ChatError {
  override readonly name = 'BusClosedError';
  constructor() {
    super('BUS_CLOSED', 'message bus is closed');
  }
}

const MSG_ID_HEADER = 'Nats-Msg-Id';
/** Enough for the re-sends of one outage; older repeats are JetStream's to drop (2-minute window). */
const RECENT_IDS_PER_SUBSCRIPTION = 512;
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;
const MAX_SUBJECT_LENGTH = 1024;
const STREAM_PREFIXES = ['chat.', 'system.'];
const CHECKED_SUBJECTS = 10_000;

/** Throws unless `subject` is literal tokens (publish) or tokens with `*` / a final `>` (subscribe). */
export function assertBusSubject(subject: string, wildcards: boolean): void {
  if (typeof subject !== 'string' || subject.length === 0) throw new InvalidSubjectError(String(subject), 'empty');
  if (subject.length > MAX_SUBJECT_LENGTH) throw new InvalidSubjectError(subject, `longer than ${MAX_SUBJECT_LENGTH} characters`);
  const tokens = subject.split('.');
  tokens.forEach((token, index) => {
    if (wildcards && token === '*') return;
    if (wildcards && token === '>' && index === tokens.length - 1) return;
    if (token === '') throw new InvalidSubjectError(subject, 'empty token');
    if (!TOKEN.test(token)) {
      throw new InvalidSubjectError(subject, wildcards ? `bad token ${JSON.stringify(token.slice(0, 40))}` : `bad or wildcard token ${JSON.stringify(token.slice(0, 40))}`);
    }
  });
}

export async function connectNatsBus(options: NatsBusOptions): Promise<NatsMessageBus> {
  const logger = (options.logger ?? silentLogger).child({ backend: 'nats-bus' });
  const link = await openNatsLink({ ...options, logger }, 'down');
  try {
    const ackTimeoutMs = options.ackTimeoutMs ?? 1000;
    const deadline = Date.now() + (options.connectTimeoutMs ?? 5000);
    // Stream management (R3 creation takes ~0.5 s) gets more time than a publish attempt.
    const jsm = await openJetStreamManager(link, Math.max(ackTimeoutMs, 5000), deadline, logger);
    const streams: EnsuredStream[] = [];
    for (const spec of BUS_STREAMS) streams.push(await ensureStream(jsm, spec, options.replicas ?? 'auto', logger, deadline));
    return new NatsMessageBus(link, jsm, streams, logger, {
      publishTimeoutMs: options.publishTimeoutMs ?? 8000,
      ackTimeoutMs,
    });
  } catch (error) {
    await link.close().catch(() => undefined);
    throw error;
  }
}

/** The manager checks JetStream with an account-info request; retried while a cluster elects its meta leader. */
async function openJetStreamManager(link: NatsLink, timeoutMs: number, deadline: number, logger: Logger): Promise<JetStreamManager> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await jetstreamManager(link.nc, { timeout: Math.min(timeoutMs, Math.max(1, deadline - Date.now())) });
    } catch (error) {
      if (Date.now() >= deadline || !isRetryable(error) || /not enabled/i.test(describeError(error))) {
        throw new NatsUnavailableError(`JetStream is not available on ${link.server}: ${describeError(error)} (is nats-server running with -js?)`, { cause: error });
      }
      logger.warn('nats_jetstream_retry', { attempt, error: describeError(error) });
      await sleep(Math.min(500, 100 * attempt));
    }
  }
}

interface PublishBounds {
  publishTimeoutMs: number;
  ackTimeoutMs: number;
}

export class NatsMessageBus implements MessageBus {
  readonly kind = 'nats-jetstream';
  private closed = false;
  /** The last publish failed although connected (JetStream did not acknowledge); cleared by the next success. */
  private jetstreamTrouble: string | undefined;
  private readonly subscriptions = new Set<Subscription>();
  private readonly acks: PubAckCollector;
  /** Publish subjects already found valid: the same few thousand (one per user and group) recur, and checking splits each. */
  private readonly checkedSubjects = new Set<string>();

  constructor(
    private readonly link: NatsLink,
    /** For callers that need stream state (tests, the console); the bus itself only publishes. */
    readonly jsm: JetStreamManager,
    /** The streams as found or created at connect, with their replica counts. */
    readonly streams: readonly EnsuredStream[],
    private readonly logger: Logger,
    private readonly bounds: PublishBounds,
  ) {
    this.acks = new PubAckCollector(link.nc);
    // One listener for all publishes in flight (not one per publish): a drop fails them at once, to be re-sent after the reconnect.
    link.onStateChange((state) => {
      if (state !== 'connected') this.acks.failAll(new NatsUnavailableError(`connection to ${link.server} lost while waiting for JetStream acks`));
    });
  }

  /** The server this bus talks to now (or last talked to). */
  get server(): string {
    return this.link.server;
  }

  health(): BackendHealth {
    const health = this.link.health('publishes wait for the reconnect');
    if (health.state === 'ok' && this.jetstreamTrouble !== undefined) {
      return { state: 'degraded', detail: `connected, but JetStream did not acknowledge the last publish: ${this.jetstreamTrouble}`, endpoint: health.endpoint };
    }
    return health;
  }

  async publish(subject: string, data: Uint8Array, options?: PublishOptions): Promise<void> {
    if (this.closed) throw new BusClosedError();
    if (!this.checkedSubjects.has(subject)) {
      assertBusSubject(subject, false);
      if (!STREAM_PREFIXES.some((prefix) => subject.startsWith(prefix))) {
        throw new InvalidSubjectError(subject, 'outside the bus streams chat.> and system.>');
      }
      if (this.checkedSubjects.size >= CHECKED_SUBJECTS) this.checkedSubjects.clear();
      this.checkedSubjects.add(subject);
    }
    const given = options?.msgId;
    if (given !== undefined && (given.length === 0 || given.length > 256 || /[\r\n]/.test(given))) {
      throw new ChatError('INVALID_MSG_ID', `msgId must be 1–256 characters without line breaks, got ${JSON.stringify(given.slice(0, 40))}`);
    }
    // Without an id of the caller's, one per call: its re-sends are then stored and delivered once too.
    const msgId = given ?? `bus-${nuid.next()}`;
    const started = Date.now();
    const deadline = started + this.bounds.publishTimeoutMs;
    let lastError: unknown;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new BusClosedError();
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      try {
        if (this.link.state !== 'connected') await this.link.waitConnected(deadline);
        await this.attempt(subject, data, msgId, Math.min(this.bounds.ackTimeoutMs, Math.max(1, deadline - Date.now())));
        if (this.jetstreamTrouble !== undefined) {
          this.jetstreamTrouble = undefined;
          this.logger.info('nats_publish_recovered', { subject, attempt, waited_ms: Date.now() - started });
        }
        return;
      } catch (error) {
        lastError = error;
        if (this.closed) throw new BusClosedError();
        if (!isRetryable(error)) throw wrapPublishError(subject, error);
        if (this.link.state === 'connected' && !(error instanceof NatsUnavailableError)) this.jetstreamTrouble = describeError(error);
        this.logger.debug('nats_publish_retry', { subject, attempt, error: describeError(error) });
        if (this.link.state === 'connected') await sleep(Math.min(50 * attempt, 250, Math.max(0, deadline - Date.now())));
      }
    }
    throw new NatsUnavailableError(
      `publish to ${subject} not stored within ${this.bounds.publishTimeoutMs} ms (${this.link.state === 'connected' ? `connected to ${this.link.server}` : `disconnected from ${this.link.server}`}): ${describeError(lastError)}`,
      { cause: lastError },
    );
  }

  subscribe(subject: string, handler: (message: BusMessage) => void): BusSubscription {
    if (this.closed) throw new BusClosedError();
    assertBusSubject(subject, true);
    const recent = new RecentIds(RECENT_IDS_PER_SUBSCRIPTION);
    const subscription = this.link.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) {
          this.logger.warn('nats_subscription_error', { subject, error: error.message });
          return;
        }
        // A publish re-sent after a lost ack reaches core subscribers again: drop the repeat.
        const msgId = msg.headers?.get(MSG_ID_HEADER);
        if (msgId && !recent.add(msgId)) return;
        try {
          // A copy: the handler may keep it, and nats.js may reuse its read buffer.
          handler({ subject: msg.subject, data: Uint8Array.prototype.slice.call(msg.data) });
        } catch (handlerError) {
          this.logger.error('bus_subscriber_failed', { subject: msg.subject, error: describeError(handlerError) });
        }
      },
    });
    this.subscriptions.add(subscription);
    return {
      subject,
      unsubscribe: () => {
        if (!this.subscriptions.delete(subscription)) return;
        try {
          subscription.unsubscribe();
        } catch {
          // already closed with the connection
        }
      },
    };
  }

  serve(subject: string, handler: (data: Uint8Array) => Promise<Uint8Array> | Uint8Array): BusSubscription {
    if (this.closed) throw new BusClosedError();
    assertBusSubject(subject, false);
    const subscription = this.link.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) return;
        Promise.resolve()
          .then(() => handler(msg.data))
          .then((reply) => msg.respond(reply))
          .catch((failure: unknown) => this.logger.warn('nats_serve_failed', { subject, error: describeError(failure) }));
      },
    });
    this.subscriptions.add(subscription);
    return {
      subject,
      unsubscribe: () => {
        this.subscriptions.delete(subscription);
        subscription.unsubscribe();
      },
    };
  }

  async request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    if (this.closed) throw new BusClosedError();
    assertBusSubject(subject, false);
    const reply = await this.link.nc.request(subject, data, { timeout: timeoutMs });
    return reply.data;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscriptions.clear();
    this.acks.close();
    await this.link.close();
  }

  /** One JetStream publish; given up at once if the connection drops (then re-sent after the reconnect). */
  private attempt(subject: string, data: Uint8Array, msgId: string, timeout: number): Promise<void> {
    if (this.link.state !== 'connected') return Promise.reject(new NatsUnavailableError(`not connected to NATS (the publish to ${subject})`));
    return this.acks.publish(subject, data, msgId, timeout);
  }
}

/** Worth re-sending with the same msgId: timeouts, no responders (no stream leader yet), a lost connection. */
function isRetryable(error: unknown): boolean {
  if (error instanceof NatsUnavailableError || error instanceof PubAckTimeoutError) return true;
  if (error instanceof PubAckError) return error.status === 503 || error.apiCode === 10008;
  if (error instanceof JetStreamApiError) return error.code === 10008 || error.status === 503;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  return (
    /Timeout|NoResponders|JetStreamNotEnabled|RequestError|ConnectionError/.test(name) ||
    /timeout|no responders|not enabled|disconnect|connection/i.test(message)
  );
}

function wrapPublishError(subject: string, error: unknown): Error {
  if (error instanceof ChatError) return error;
  return new ChatError('BUS_PUBLISH_FAILED', `publish to ${subject} failed: ${describeError(error)}`, { cause: error });
}

/** The last `capacity` message ids one subscription delivered. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** False when `id` was seen recently. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return true;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

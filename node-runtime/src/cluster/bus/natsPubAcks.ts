/**
 * JetStream publishes with their PubAcks collected by one wildcard inbox subscription and one
 * sweeping timer. nats.js's `js.publish` is a request: a timer, a promise chain and (in v3) an
 * Error object with a stack for every message, even a successful one — 10–15 % of a node's CPU
 * on the P2P path (bench/README.md). The wire is the same: PUB with a reply subject and a
 * Nats-Msg-Id header; the server's PubAck (or its error, or a 503 no-responders status when no
 * stream leader listens) comes back on that reply subject.
 */
import { headers, type NatsConnection, nuid, type Subscription } from '@nats-io/transport-node';
import { ChatError } from '../../common/errors.js';

/** JetStream answered with an error (`code` is its err_code, e.g. 10077 message size too large) or no stream listened (503). */
export class PubAckError extends ChatError {
  override readonly name = 'PubAckError';
  constructor(
    readonly status: number,
    readonly apiCode: number,
    description: string,
  ) {
    super('JETSTREAM_PUBLISH_REFUSED', description);
  }
}

/** No PubAck within the attempt's timeout (the publish may or may not be stored: re-send with the same msgId). */
export class PubAckTimeoutError extends ChatError {
  override readonly name = 'PubAckTimeoutError';
  constructor(subject: string, timeoutMs: number) {
    super('JETSTREAM_ACK_TIMEOUT', `no JetStream ack for ${subject} within ${timeoutMs} ms (timeout)`);
  }
}

interface Waiting {
  subject: string;
  timeoutMs: number;
  deadline: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

const SWEEP_MS = 50;
const MSG_ID_HEADER = 'Nats-Msg-Id';

export class PubAckCollector {
  private readonly prefix = `_INBOX.${nuid.next()}.`;
  private readonly waiting = new Map<string, Waiting>();
  private readonly subscription: Subscription;
  private sweeper: NodeJS.Timeout | undefined;
  private counter = 0;
  /** One header set for every publish: nats.js encodes it inside publish(), so it can be refilled. */
  private readonly header = headers();

  constructor(private readonly nc: NatsConnection) {
    this.subscription = nc.subscribe(`${this.prefix}*`, {
      callback: (error, msg) => {
        if (error) return; // the subscription closes with the connection; waiters time out or are raced by the disconnect
        const token = msg.subject.slice(this.prefix.length);
        const waiter = this.waiting.get(token);
        if (!waiter) return; // answered after its timeout: that attempt was already re-sent
        this.waiting.delete(token);
        const status = msg.headers?.code ?? 0;
        if (status >= 400) {
          waiter.reject(new PubAckError(status, 0, `JetStream refused the publish to ${waiter.subject}: ${status} ${msg.headers?.description ?? ''}`.trim()));
          return;
        }
        const failure = refusal(msg.data);
        if (failure) waiter.reject(new PubAckError(0, failure.code, `JetStream refused the publish to ${waiter.subject}: ${failure.description}`));
        else waiter.resolve();
      },
    });
  }

  /** Publishes and resolves on the PubAck; rejects with PubAckError or PubAckTimeoutError. */
  publish(subject: string, data: Uint8Array, msgId: string, timeoutMs: number): Promise<void> {
    const token = (this.counter++).toString(36);
    this.header.set(MSG_ID_HEADER, msgId);
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(token, { subject, timeoutMs, deadline: Date.now() + timeoutMs, resolve, reject });
      try {
        this.nc.publish(subject, data, { reply: this.prefix + token, headers: this.header });
      } catch (error) {
        this.waiting.delete(token);
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    });
  }

  /** How many publishes wait for their ack (tests, diagnostics). */
  get pending(): number {
    return this.waiting.size;
  }

  /**
   * Rejects every publish still waiting: the connection dropped, and nats.js discards what it had
   * buffered when it redials, so those acks will never come (the bus re-sends them after the reconnect).
   */
  failAll(error: Error): void {
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiter of waiting) waiter.reject(error);
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.failAll(new ChatError('BUS_CLOSED', 'message bus is closed'));
    try {
      this.subscription.unsubscribe();
    } catch {
      // already closed with the connection
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, waiter] of this.waiting) {
      if (waiter.deadline > now) continue;
      this.waiting.delete(token);
      waiter.reject(new PubAckTimeoutError(waiter.subject, waiter.timeoutMs));
    }
    if (this.waiting.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}

/** The error of a PubAck body (`{"error":{"code":400,"err_code":10077,"description":"…"}}`), or null for an ack. */
const utf8 = new TextDecoder();

function refusal(data: Uint8Array): { code: number; description: string } | null {
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(data));
  } catch {
    return { code: 0, description: 'unreadable PubAck' };
  }
  if (typeof body !== 'object' || body === null) return { code: 0, description: 'unreadable PubAck' };
  const error = (body as { error?: { err_code?: unknown; code?: unknown; description?: unknown } }).error;
  if (error) return { code: Number(error.err_code ?? error.code ?? 0), description: String(error.description ?? 'error') };
  if (typeof (body as { stream?: unknown }).stream !== 'string') return { code: 0, description: 'PubAck without a stream' };
  return null;
}

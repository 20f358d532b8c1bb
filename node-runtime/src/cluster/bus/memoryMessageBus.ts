/**
 * The embedded MessageBus: subject matching with NATS wildcard rules, in this process. Several
 * in-process nodes share one instance. Delivery is asynchronous (a microtask), like a network
 * bus, so no caller ever depends on a subscriber running inside publish().
 */
import { MEMORY_HEALTH, type BackendHealth } from '../backendHealth.js';
import type { BusMessage, BusSubscription, MessageBus } from './messageBus.js';
import { subjectTokensMatch } from './subjectMatch.js';

/** Where a throwing subscriber's error goes; it must never stop the other subscribers or the process. */
export type SubscriberErrorHandler = (error: unknown, subject: string) => void;

interface Subscriber {
  tokens: string[];
  handler: (message: BusMessage) => void;
}

export class MemoryMessageBus implements MessageBus {
  readonly kind = 'memory';

  health(): BackendHealth {
    return MEMORY_HEALTH;
  }
  /** Exact subjects are looked up directly; only wildcard subscribers are matched token by token. */
  private readonly exact = new Map<string, Set<Subscriber>>();
  private readonly wildcard = new Set<Subscriber>();
  private closed = false;
  private readonly servers = new Map<string, (data: Uint8Array) => Promise<Uint8Array> | Uint8Array>();

  constructor(private readonly onSubscriberError: SubscriberErrorHandler = () => {}) {}

  async publish(subject: string, data: Uint8Array): Promise<void> {
    if (this.closed) throw new Error('message bus is closed');
    const targets: Subscriber[] = [...(this.exact.get(subject) ?? [])];
    if (this.wildcard.size > 0) {
      const tokens = subject.split('.');
      for (const subscriber of this.wildcard) if (subjectTokensMatch(subscriber.tokens, tokens)) targets.push(subscriber);
    }
    if (targets.length === 0) return;
    // A copy, as a network bus would deliver: the publisher may reuse its buffer once publish returns.
    const message: BusMessage = { subject, data: Uint8Array.prototype.slice.call(data) };
    queueMicrotask(() => {
      for (const subscriber of targets) {
        try {
          subscriber.handler(message);
        } catch (error) {
          this.onSubscriberError(error, subject);
        }
      }
    });
  }

  subscribe(subject: string, handler: (message: BusMessage) => void): BusSubscription {
    const subscriber: Subscriber = { tokens: subject.split('.'), handler };
    const isWildcard = subscriber.tokens.some((token) => token === '*' || token === '>');
    if (isWildcard) this.wildcard.add(subscriber);
    else {
      let set = this.exact.get(subject);
      if (!set) this.exact.set(subject, (set = new Set()));
      set.add(subscriber);
    }
    return {
      subject,
      unsubscribe: () => {
        if (isWildcard) this.wildcard.delete(subscriber);
        else {
          const set = this.exact.get(subject);
          set?.delete(subscriber);
          if (set?.size === 0) this.exact.delete(subject);
        }
      },
    };
  }

  serve(subject: string, handler: (data: Uint8Array) => Promise<Uint8Array> | Uint8Array): BusSubscription {
    if (this.closed) throw new Error('message bus is closed');
    this.servers.set(subject, handler);
    return { subject, unsubscribe: () => this.servers.get(subject) === handler && this.servers.delete(subject) };
  }

  async request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const handler = this.servers.get(subject);
    if (!handler) throw new Error(`no responders on ${subject}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no reply on ${subject} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => handler(Uint8Array.prototype.slice.call(data))), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.servers.clear();
    this.exact.clear();
    this.wildcard.clear();
  }
}


/**
 * MessageBus: cross-node routing of chat traffic and system events. Subjects are built only by
 * ./subjects.ts from validated tokens. `publish` resolves once the bus has taken the message
 * (for the JetStream bus: once it is stored), so a sender may be acknowledged after it.
 */
import type { BackendHealth } from '../backendHealth.js';

export interface BusMessage {
  subject: string;
  data: Uint8Array;
}

export interface PublishOptions {
  /** Lets a durable bus drop a re-published duplicate (JetStream's Nats-Msg-Id). */
  msgId?: string;
}

export interface BusSubscription {
  readonly subject: string;
  unsubscribe(): void;
}

export interface MessageBus {
  readonly kind: string;
  /** The backend's current state, without I/O (drivers track it from connection events). */
  health(): BackendHealth;
  publish(subject: string, data: Uint8Array, options?: PublishOptions): Promise<void>;
  /** `subject` may end in `>` or contain `*` tokens (NATS wildcard rules). */
  subscribe(subject: string, handler: (message: BusMessage) => void): BusSubscription;
  /**
   * Answers requests on `subject` (core request/reply: nothing is stored). For node stats and the
   * console's admin commands, never for chat traffic.
   */
  serve(subject: string, handler: (data: Uint8Array) => Promise<Uint8Array> | Uint8Array): BusSubscription;
  /** One request to a served subject; rejects when nobody answers within timeoutMs. */
  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

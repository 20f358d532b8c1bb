/**
 * A wiretap on the bus for the console's Traffic view: every message on `chat.>` and `system.>`
 * is handed to one synchronous handler. It is a separate capability, not part of MessageBus, so
 * the chat hot path knows nothing of it. The in-process bus is tapped with two wildcard
 * subscriptions (busSubscribeTap.ts); the NATS bus with its own connection (natsBusTap.ts), so a
 * tap that falls behind is cut off by the server as a slow consumer without touching the node's
 * bus connection. Which one is picked in the composition root (backends.ts: openBusTap).
 */
import { Subjects } from './subjects.js';

/** Called for each message; `data` may be a view into a reused buffer: copy what you keep. */
export type TapHandler = (subject: string, data: Uint8Array) => void;

export type BusTapState = 'connected' | 'reconnecting' | 'closed';

export interface BusTapStateChange {
  state: BusTapState;
  server: string;
  /** For 'connected' after a drop: how long the tap was disconnected. */
  downMs?: number;
}

export interface BusTap {
  readonly source: 'memory' | 'nats';
  /** The server the tap's connection talks to ('' in process). */
  readonly server: string;
  readonly state: BusTapState;
  onStateChange(listener: (change: BusTapStateChange) => void): () => void;
  close(): Promise<void>;
}

export const TAP_SUBJECTS: readonly string[] = [Subjects.chatAll, Subjects.systemAll];

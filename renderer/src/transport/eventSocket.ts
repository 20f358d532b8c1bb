import { isAdminEvent, type AdminEventName } from '../../../node-runtime/contract/index.js';
import { backoffDelay } from './backoff.js';
import type { EventsStatus } from './consoleClient.js';

/** The part of the browser WebSocket this file uses (a fake one in tests). */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface EventSocketEnv {
  url: string;
  connect(url: string): SocketLike;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Close codes a server uses to say "this token is not accepted": retrying would not help. */
export const UNAUTHORIZED_CLOSE_CODES: ReadonlySet<number> = new Set([1008, 4401, 4403]);

/**
 * `{"event": name, "payload": …}` frames over one WebSocket that reconnects with backoff
 * (backoff.ts) until stopped. Reports every state change through onStatus.
 */
export class EventSocket {
  private socket: SocketLike | null = null;
  private timer: unknown = null;
  private running = false;
  private current: EventsStatus = { transport: 'http', state: 'idle', attempt: 0, retryInMs: null };

  constructor(
    private readonly env: EventSocketEnv,
    private readonly onEvent: (event: AdminEventName, payload: unknown) => void,
    private readonly onStatus: (status: EventsStatus) => void,
  ) {}

  get status(): EventsStatus {
    return this.current;
  }

  start(): void {
    if (this.running || this.current.state === 'unauthorized') return;
    this.running = true;
    this.open();
  }

  stop(): void {
    this.running = false;
    this.clearTimer();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'no listeners');
    this.setStatus({ state: 'idle', attempt: 0, retryInMs: null });
  }

  /** The server refused the token (a call answered 401): stop for good, reloading will not help. */
  refuse(): void {
    this.running = false;
    this.clearTimer();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'token refused');
    this.setStatus({ state: 'unauthorized', retryInMs: null });
  }

  private open(): void {
    this.setStatus({ state: this.current.attempt === 0 ? 'connecting' : 'reconnecting', retryInMs: null });
    let socket: SocketLike;
    try {
      socket = this.env.connect(this.env.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.setStatus({ state: 'open', attempt: 0, retryInMs: null });
    };
    socket.onmessage = (message) => {
      if (this.socket !== socket) return;
      this.deliver(message.data);
    };
    socket.onerror = () => {
      // Always followed by close, which decides what happens next.
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.running) return;
      if (UNAUTHORIZED_CLOSE_CODES.has(event.code)) {
        this.running = false;
        this.setStatus({ state: 'unauthorized', retryInMs: null });
        return;
      }
      this.scheduleReconnect();
    };
  }

  private deliver(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const { event, payload } = frame as { event?: unknown; payload?: unknown };
    if (isAdminEvent(event)) this.onEvent(event, payload);
  }

  private scheduleReconnect(): void {
    const attempt = this.current.attempt + 1;
    const delay = backoffDelay(attempt);
    this.setStatus({ state: 'reconnecting', attempt, retryInMs: delay });
    this.clearTimer();
    this.timer = this.env.setTimeout(() => {
      this.timer = null;
      if (this.running) this.open();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.env.clearTimeout(this.timer);
    this.timer = null;
  }

  private setStatus(change: Partial<EventsStatus>): void {
    this.current = { ...this.current, ...change };
    this.onStatus(this.current);
  }
}

/**
 * One live socket to one server: framing in and out, and the waiters for its replies.
 * It knows nothing about logins or reconnects; ChatClient makes a new one per connection, so
 * waiters can never be answered by a reply that arrived on a different socket.
 */
import type { Duplex } from 'node:stream';
import type { Frame } from '../protocol/frame.js';
import { ConnectionClosedError, errorText } from './clientErrors.js';
import { ClientFrameReader, encodeClientFrame } from './clientFraming.js';
import { PendingRequests, type PendingRequestOptions } from './pendingRequests.js';
import type { ServerAddress } from './serverAddress.js';

export interface ClientConnectionHooks {
  maxFrameBytes: number;
  /** The `client_msg_id` a reply echoes, used to match it to its waiter. */
  replyKey(frame: Frame): string | undefined;
  /** Every inbound frame, after any waiter got it; `solicited` tells whether one did. */
  onFrame(frame: Frame, solicited: boolean): void;
  /** Called once, after every waiter was rejected. */
  onClose(reason: string): void;
}

export class ClientConnection {
  private readonly pending = new PendingRequests();
  private readonly reader: ClientFrameReader;
  private closeReason: string | undefined;
  private closed = false;
  private readonly closedPromise: Promise<void>;

  constructor(
    readonly server: ServerAddress,
    private readonly socket: Duplex,
    private readonly hooks: ClientConnectionHooks,
  ) {
    this.reader = new ClientFrameReader(hooks.maxFrameBytes);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: Error) => {
      this.closeReason ??= errorText(error);
    });
    socket.on('end', () => {
      this.closeReason ??= 'server closed the connection';
      socket.end();
    });
    this.closedPromise = new Promise<void>((resolve) => {
      socket.once('close', () => {
        this.closed = true;
        const reason = this.closeReason ?? 'socket closed';
        this.pending.rejectAll(new ConnectionClosedError(`${server.label}: ${reason}`));
        hooks.onClose(reason);
        resolve();
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.closeReason === undefined;
  }

  /** Writes one frame; false when the connection is already going away. */
  write(id: number, body: Buffer | string = Buffer.alloc(0)): boolean {
    if (!this.isOpen) return false;
    this.socket.write(encodeClientFrame(id, body));
    return true;
  }

  /** Writes a request and resolves with its reply frame. */
  request(id: number, body: Buffer | string, options: PendingRequestOptions): Promise<Frame> {
    if (!this.isOpen) {
      return Promise.reject(new ConnectionClosedError(`${this.server.label}: ${this.closeReason ?? 'closed'}`));
    }
    const reply = this.pending.add(options);
    this.write(id, body);
    return reply;
  }

  /** Half-closes politely and waits until the socket is gone. */
  close(reason: string): Promise<void> {
    this.closeReason ??= reason;
    if (!this.closed) {
      this.socket.end();
      // A peer that never answers our FIN must not keep close() waiting.
      setTimeout(() => this.socket.destroy(), 1000).unref();
    }
    return this.closedPromise;
  }

  /** Drops the socket at once (e.g. a dead heartbeat or an unreadable frame). */
  destroy(reason: string): Promise<void> {
    this.closeReason ??= reason;
    this.socket.destroy();
    return this.closedPromise;
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.reader.push(chunk);
    } catch (error) {
      void this.destroy(errorText(error));
      return;
    }
    for (const frame of frames) {
      if (this.closed) return;
      const solicited = this.pending.settle(frame, this.hooks.replyKey(frame));
      this.hooks.onFrame(frame, solicited);
    }
  }
}

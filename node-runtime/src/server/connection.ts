/**
 * One client connection over any Duplex (a net.Socket in production, an in-memory pair in unit
 * tests). It decodes frames with the size cap, hands them to the dispatcher strictly one at a
 * time in arrival order (consecutive frames of an id that has a run handler, such as P2P text,
 * as one run), bounds what it buffers in both directions, and closes itself on an
 * oversize frame, an idle timeout or a reader too slow to keep up — always saying why.
 */
import type { Duplex } from 'node:stream';
import type { Logger } from '../common/logger.js';
import type { SessionUser } from '../chat/sessionUser.js';
import type { Frame } from '../protocol/frame.js';
import { FrameDecoder } from '../protocol/frameDecoder.js';
import { FrameTooLargeError } from '../protocol/frameTooLargeError.js';
import { encodeFrame } from '../protocol/frameEncoder.js';
import { ReplayGate } from './replayGate.js';

export interface ConnectionOptions {
  id: number;
  maxBodyBytes: number;
  idleTimeoutMs: number;
  /** Bytes the socket may hold unsent before the peer counts as a slow consumer and is dropped. */
  maxOutboundBytes: number;
  /** Decoded frames waiting for their turn before the socket stops reading (TCP backpressure). */
  maxPendingFrames: number;
  logger: Logger;
  handleFrame: (connection: Connection, frame: Frame) => Promise<void> | void;
  /**
   * Frames of these ids that wait back to back are handed over together (at most MAX_RUN_FRAMES),
   * still in order and still before anything that follows them.
   */
  runs?: { accepts: (id: number) => boolean; handle: (connection: Connection, frames: Frame[]) => Promise<void> | void };
  onClose: (connection: Connection, reason: string) => void;
  now?: () => number;
}

/** Bounds one run: the store batch, and how long the frames behind it wait. */
export const MAX_RUN_FRAMES = 64;

export class Connection {
  readonly id: number;
  readonly remoteAddress: string;
  readonly openedAt: number;
  readonly logger: Logger;
  /** Set by a successful login (104); null before. */
  user: SessionUser | null = null;
  /** Extension features this connection opted in to (1001); null for a legacy client. */
  extensions: ReadonlySet<string> | null = null;
  readonly replay = new ReplayGate();
  framesIn = 0;
  framesOut = 0;

  private readonly decoder: FrameDecoder;
  private readonly pending: Frame[] = [];
  private processing = false;
  private paused = false;
  private closeReason: string | null = null;
  /** Set when the peer broke the protocol: finish the frames already received, then close. */
  private closeWhenDrained: string | null = null;
  private lastActivity: number;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private corked = false;
  private readonly uncork = () => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(
    private readonly socket: Duplex & { remoteAddress?: string; remotePort?: number },
    private readonly options: ConnectionOptions,
  ) {
    this.id = options.id;
    this.now = options.now ?? Date.now;
    this.openedAt = this.now();
    this.lastActivity = this.openedAt;
    this.remoteAddress = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort ?? 0}` : 'local';
    this.logger = options.logger.child({ conn: this.id });
    this.decoder = new FrameDecoder({ maxBodyBytes: options.maxBodyBytes });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.close('peer closed the connection', 'debug'));
    socket.on('close', () => this.close('socket closed', 'debug'));
    socket.on('error', (error: Error) => this.close(`socket error: ${error.message}`, 'debug'));
    this.armIdleTimer(options.idleTimeoutMs);
  }

  get closed(): boolean {
    return this.closeReason !== null;
  }

  get extended(): boolean {
    return this.extensions !== null;
  }

  /** Queues one frame. Returns false when the connection is closed or was just closed for being too slow. */
  send(id: number, body: Buffer | string): boolean {
    return this.sendEncoded(encodeFrame(id, body));
  }

  sendEncoded(frame: Buffer): boolean {
    if (this.closed) return false;
    // Frames queued in the same tick (a group fanout batch, a login replay, pushes arriving in one
    // bus read) leave in one writev instead of one syscall each.
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(this.uncork);
    }
    this.socket.write(frame);
    this.framesOut++;
    if (this.socket.writableLength > this.options.maxOutboundBytes) {
      this.close(`slow consumer: ${this.socket.writableLength} bytes unsent (limit ${this.options.maxOutboundBytes}, --max-outbound)`, 'warn');
      return false;
    }
    return true;
  }

  /** Closes once; later calls are ignored. The reason is logged and passed to onClose. */
  close(reason: string, level: 'debug' | 'info' | 'warn' = 'info'): void {
    if (this.closed) return;
    this.closeReason = reason;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.pending.length = 0;
    this.logger[level]('connection_closed', { reason, user: this.user?.username });
    this.socket.destroy();
    this.options.onClose(this, reason);
  }

  private onData(chunk: Buffer): void {
    if (this.closed || this.closeWhenDrained !== null) return;
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      if (!(error instanceof FrameTooLargeError)) throw error;
      // Like chat-zinx, frames that arrived before the oversize header are still handled.
      this.closeWhenDrained = error.message;
      this.socket.pause();
      frames = [...error.framesBefore];
    }
    if (frames.length === 0) {
      if (this.closeWhenDrained !== null && !this.processing) this.close(this.closeWhenDrained, 'warn');
      return;
    }
    this.lastActivity = this.now();
    this.framesIn += frames.length;
    for (const frame of frames) this.pending.push(frame);
    if (this.pending.length > this.options.maxPendingFrames && !this.paused && this.closeWhenDrained === null) {
      this.paused = true;
      this.socket.pause();
    }
    if (!this.processing) void this.processPending();
  }

  /** Handles frames strictly in order: the next starts only when the previous one has finished. */
  private async processPending(): Promise<void> {
    this.processing = true;
    while (this.pending.length > 0 && !this.closed) {
      const frame = this.pending.shift() as Frame;
      try {
        const runs = this.options.runs;
        if (runs && this.pending[0]?.id === frame.id && runs.accepts(frame.id)) {
          const run = [frame];
          while (run.length < MAX_RUN_FRAMES && this.pending[0]?.id === frame.id) run.push(this.pending.shift() as Frame);
          await runs.handle(this, run);
        } else {
          await this.options.handleFrame(this, frame);
        }
      } catch (error) {
        // A handler bug must cost one request, never the process or the other connections.
        this.logger.error('handler_failed', { msg: frame.id, error: error instanceof Error ? error.message : String(error) });
      }
      if (this.paused && this.closeWhenDrained === null && this.pending.length <= this.options.maxPendingFrames / 2) {
        this.paused = false;
        this.socket.resume();
      }
    }
    this.processing = false;
    if (this.closeWhenDrained !== null) this.close(this.closeWhenDrained, 'warn');
  }

  /** One timer per connection, re-armed lazily: frames only move lastActivity, they never touch timers. */
  private armIdleTimer(delayMs: number): void {
    if (this.options.idleTimeoutMs <= 0) return;
    this.idleTimer = setTimeout(() => {
      const idleFor = this.now() - this.lastActivity;
      if (idleFor >= this.options.idleTimeoutMs) this.close(`idle timeout: no frame for ${idleFor} ms (--idle-timeout)`);
      else this.armIdleTimer(this.options.idleTimeoutMs - idleFor);
    }, delayMs);
    this.idleTimer.unref?.();
  }
}

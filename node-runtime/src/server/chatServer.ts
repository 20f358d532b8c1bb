/**
 * The TCP listener: accepts chat clients, refuses connections past the limit (closed at once,
 * with no frame, as chat-zinx does, and a log line saying why), and gives every socket its
 * Connection. node:net is used here and nowhere else in the node.
 */
import net from 'node:net';
import type { Logger } from '../common/logger.js';
import { Connection } from './connection.js';
import { createDispatcher, createRunDispatcher } from './dispatcher.js';
import type { NodeContext } from './nodeContext.js';

/** Frames one connection may have decoded and waiting before its socket stops being read. */
const MAX_PENDING_FRAMES = 256;

export class ChatServer {
  readonly connections = new Set<Connection>();
  private readonly server: net.Server;
  private readonly dispatch;
  private readonly runs;
  private nextConnectionId = 0;
  refused = 0;

  /** Connections accepted since start (refused ones not counted). */
  get accepted(): number {
    return this.nextConnectionId - this.refused;
  }

  constructor(
    private readonly ctx: NodeContext,
    private readonly logger: Logger,
  ) {
    this.dispatch = createDispatcher(ctx);
    this.runs = createRunDispatcher(ctx);
    this.server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
  }

  listen(host: string, port: number): Promise<net.AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(listenError(error, host, port));
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.off('error', onError);
        this.server.on('error', (error) => this.logger.error('listener_error', { error: error.message }));
        resolve(this.server.address() as net.AddressInfo);
      });
    });
  }

  /** Stops accepting, then closes every connection with `reason`. */
  async close(reason: string): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of [...this.connections]) connection.close(reason, 'debug');
    await closed;
  }

  private accept(socket: net.Socket): void {
    const id = this.nextConnectionId++;
    if (this.connections.size >= this.ctx.config.maxConnections) {
      this.refused++;
      this.logger.warn('connection_refused', {
        conn: id,
        remote: `${socket.remoteAddress}:${socket.remotePort}`,
        reason: `${this.connections.size} connections open, limit ${this.ctx.config.maxConnections} (--max-conns)`,
      });
      socket.destroy();
      return;
    }
    const connection = new Connection(socket, {
      id,
      maxBodyBytes: this.ctx.config.maxFrameBytes,
      idleTimeoutMs: this.ctx.config.idleTimeoutMs,
      maxOutboundBytes: this.ctx.config.maxOutboundBytes,
      maxPendingFrames: MAX_PENDING_FRAMES,
      logger: this.logger,
      handleFrame: this.dispatch,
      runs: this.runs,
      onClose: (closedConnection) => this.release(closedConnection),
    });
    this.connections.add(connection);
    connection.logger.debug('connection_opened', { remote: connection.remoteAddress });
  }

  private release(connection: Connection): void {
    this.connections.delete(connection);
    const lastOfUser = this.ctx.sessions.detach(connection);
    if (lastOfUser) {
      this.ctx.router.userOffline(lastOfUser.id).catch((error: unknown) =>
        this.logger.error('presence_offline_failed', { user: lastOfUser.id, error: String(error) }),
      );
    }
  }
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new Error(`port ${port} on ${host} is already in use: pick another with --port`, { cause: error });
  if (error.code === 'EADDRNOTAVAIL') return new Error(`address ${host} is not on this machine: pick another with --host`, { cause: error });
  if (error.code === 'EACCES') return new Error(`not allowed to listen on ${host}:${port}: use a port above 1023 with --port`, { cause: error });
  return error;
}

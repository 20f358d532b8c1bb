/**
 * A scripted stand-in for the chat server, for client tests: speaks the framing over real TCP,
 * records every frame it receives, and answers the basics (ping, hello, register, login, P2P send
 * acks) unless the test's own handler takes the frame first. Tests only; not part of the client API.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Frame } from '../../protocol/frame.js';
import { ExtMsgId, MsgId } from '../../protocol/messageIds.js';
import { ClientFrameReader, encodeClientFrame } from '../clientFraming.js';

export interface FakeConnection {
  readonly index: number;
  readonly frames: Frame[];
  /** Set once a 1001 arrived (when the server accepts extensions). */
  extended: boolean;
  loggedInAs: string | undefined;
  send(id: number, body?: object | string | Buffer): void;
  /** Writes raw bytes (to test odd chunking). */
  writeRaw(bytes: Buffer): void;
  destroy(): void;
}

/** Return true when the frame was handled, to skip the default script. */
export type FakeHandler = (frame: Frame, conn: FakeConnection) => boolean | void;

export interface FakeServerOptions {
  /** Answer 1001 with 1002 (default true); false behaves like chat-zinx (ignores unknown ids). */
  extensions?: boolean;
  handler?: FakeHandler;
  port?: number;
}

export const userUuid = (username: string) => `00000000-0000-4000-8000-${Buffer.from(username).toString('hex').padEnd(12, '0').slice(0, 12)}`;

export class FakeChatServer {
  readonly connections: FakeConnection[] = [];
  handler: FakeHandler | undefined;
  private readonly sockets = new Set<Socket>();
  private listeners: (() => void)[] = [];
  private msgCounter = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly extensions: boolean,
  ) {}

  static async start(options: FakeServerOptions = {}): Promise<FakeChatServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const fake = new FakeChatServer(server, port, options.extensions ?? true);
    fake.handler = options.handler;
    server.on('connection', (socket) => fake.accept(socket));
    return fake;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Every frame received, on any connection, in arrival order. */
  get frames(): Frame[] {
    return this.connections.flatMap((c) => c.frames);
  }

  framesWithId(id: number): Frame[] {
    return this.frames.filter((f) => f.id === id);
  }

  /** Resolves once `predicate` holds (checked after every event), or rejects after `timeoutMs`. */
  waitUntil(predicate: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`fake server: timed out waiting for ${what}`));
      }, timeoutMs);
      this.listeners.push(check);
    });
  }

  async waitForConnection(count = 1): Promise<FakeConnection> {
    await this.waitUntil(() => this.connections.length >= count, 2000, `${count} connection(s)`);
    return this.connections[count - 1] as FakeConnection;
  }

  /** Drops every client connection (the listener keeps running). */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    const reader = new ClientFrameReader();
    const conn: FakeConnection = {
      index: this.connections.length,
      frames: [],
      extended: false,
      loggedInAs: undefined,
      send: (id, body = Buffer.alloc(0)) => {
        if (socket.destroyed) return;
        const bytes = Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
        socket.write(encodeClientFrame(id, bytes));
      },
      writeRaw: (bytes) => socket.write(bytes),
      destroy: () => socket.destroy(),
    };
    this.connections.push(conn);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of reader.push(chunk)) {
        conn.frames.push(frame);
        if (!this.handler?.(frame, conn)) this.defaultScript(frame, conn);
        this.notify();
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.notify();
    });
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private defaultScript(frame: Frame, conn: FakeConnection): void {
    const body = parse(frame.body);
    switch (frame.id) {
      case MsgId.Ping:
        return conn.send(MsgId.Pong, 'pong');
      case ExtMsgId.HelloReq:
        if (!this.extensions) return;
        conn.extended = true;
        return conn.send(ExtMsgId.HelloResp, { features: ['ack', 'sync'], server: 'fake/0', node_id: 'fake-1', max_frame: 8192 });
      case MsgId.RegisterReq:
        return conn.send(MsgId.RegisterResp, {
          code: 0,
          msg: '注册成功',
          data: { id: 7, user_uuid: userUuid(String(body['username'])), username: body['username'], email: body['email'], avatar: '' },
        });
      case MsgId.LoginReq: {
        const username = String(body['username'] ?? '');
        if (body['password'] === 'bad') return conn.send(MsgId.LoginResp, { code: 4, msg: '密码错误' });
        conn.loggedInAs = username;
        return conn.send(MsgId.LoginResp, {
          code: 0,
          msg: '登录成功',
          data: { id: 7, user_uuid: userUuid(username), username, email: `${username}@x`, avatar: '', last_login: '2025-01-01T00:00:00Z', token: 't' },
        });
      }
      case MsgId.TextMsg:
        if (conn.extended && typeof body['client_msg_id'] === 'string') {
          return conn.send(ExtMsgId.SendAck, {
            client_msg_id: body['client_msg_id'],
            msg_id: `m-${++this.msgCounter}`,
            status: 0,
            to_user_uuid: userUuid(String(body['to_user_id'])),
            sent_at: '2025-01-01T00:00:00Z',
          });
        }
        return;
      case ExtMsgId.SyncReq:
        return conn.send(ExtMsgId.SyncResp, { messages: [], next_since: Number(body['since'] ?? 0), has_more: false });
      default:
        return;
    }
  }
}

export function parse(body: Buffer): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

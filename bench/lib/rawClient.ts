/**
 * A lean chat-zinx client for load: raw 8-byte frames (uint32 LE length, uint32 LE id, JSON body)
 * over one socket, a frame callback, and the few requests a benchmark needs (register, login,
 * 1001 hello). No reconnect, no JSON of its own on the hot path: the scenarios read bodies as text.
 */
import net from 'node:net';
import { once } from 'node:events';

export const Id = {
  Register: 102,
  RegisterResp: 103,
  Login: 104,
  LoginResp: 105,
  Text: 208,
  CreateGroup: 215,
  CreateGroupResp: 216,
  JoinGroup: 217,
  JoinGroupResp: 218,
  GroupText: 310,
  GroupTextResp: 311,
  GroupPush: 312,
  Hello: 1001,
  HelloResp: 1002,
  SendAck: 1003,
} as const;

export function frame(id: number, body: string): Buffer {
  const length = Buffer.byteLength(body);
  const out = Buffer.allocUnsafe(8 + length);
  out.writeUInt32LE(length, 0);
  out.writeUInt32LE(id, 4);
  out.write(body, 8);
  return out;
}

export type FrameListener = (id: number, body: Buffer) => void;

export class RawClient {
  private tail: Buffer | null = null;
  private waiters: Array<{ id: number; resolve: (body: Buffer) => void }> = [];
  onFrame: FrameListener | null = null;
  /** Frames of `countId` are only counted (no body copy, no callback): for receivers of a fanout. */
  countId = -1;
  counted = 0;
  onCount: (() => void) | null = null;

  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {});
  }

  static async connect(port: number, host = '127.0.0.1', localAddress?: string): Promise<RawClient> {
    const socket = net.connect({ port, host, ...(localAddress ? { localAddress } : {}) });
    await once(socket, 'connect');
    return new RawClient(socket);
  }

  write(data: Buffer): boolean {
    return this.socket.write(data);
  }

  send(id: number, body: string): boolean {
    return this.socket.write(frame(id, body));
  }

  /** Sends a request and resolves with the body of the next frame of `replyId`. */
  request(id: number, body: string, replyId: number, timeoutMs = 30_000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${replyId} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        id: replyId,
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
      this.send(id, body);
    });
  }

  async register(username: string, password: string): Promise<void> {
    const reply = JSON.parse((await this.request(Id.Register, JSON.stringify({ username, password, email: `${username}@bench.test` }), Id.RegisterResp)).toString()) as { code: number; msg: string };
    if (reply.code !== 0) throw new Error(`register ${username}: ${reply.msg}`);
  }

  /** Logs in; resolves with the user's numeric id and uuid. */
  async login(username: string, password: string): Promise<{ id: number; uuid: string }> {
    const reply = JSON.parse((await this.request(Id.Login, JSON.stringify({ username, password }), Id.LoginResp)).toString()) as {
      code: number;
      msg: string;
      data?: { id: number; user_uuid: string };
    };
    if (reply.code !== 0 || !reply.data) throw new Error(`login ${username}: ${reply.code} ${reply.msg}`);
    return { id: reply.data.id, uuid: reply.data.user_uuid };
  }

  /** Opts in to the extensions (send acks). */
  async hello(): Promise<void> {
    await this.request(Id.Hello, JSON.stringify({ features: ['ack'], client: 'bench/1' }), Id.HelloResp);
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let buffer = chunk;
    if (this.tail) {
      buffer = Buffer.concat([this.tail, chunk]);
      this.tail = null;
    }
    let offset = 0;
    const end = buffer.length;
    while (end - offset >= 8) {
      const length = buffer.readUInt32LE(offset);
      if (end - offset - 8 < length) break;
      const id = buffer.readUInt32LE(offset + 4);
      if (id === this.countId) {
        this.counted++;
        this.onCount?.();
      } else {
        const body = buffer.subarray(offset + 8, offset + 8 + length);
        const waiter = this.waiters.length > 0 ? this.waiters.findIndex((w) => w.id === id) : -1;
        if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(Buffer.from(body));
        else this.onFrame?.(id, body);
      }
      offset += 8 + length;
    }
    if (offset < end) this.tail = Buffer.from(buffer.subarray(offset));
  }
}

/**
 * A deliberately small client written from the protocol reference only: it writes raw frames
 * and reads raw frames, so integration tests check the bytes the node really sends rather than
 * what our own ChatClient makes of them.
 */
import net from 'node:net';
import { once } from 'node:events';

export interface RawFrame {
  id: number;
  body: Buffer;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: any;
}

export class RawClient {
  private buffer = Buffer.alloc(0);
  private readonly frames: RawFrame[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<void>;
  isClosed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        this.wake();
        resolve();
      }),
    );
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    const socket = net.connect({ port, host });
    await once(socket, 'connect');
    return new RawClient(socket);
  }

  /** Sends one frame; an object body is JSON-encoded, a string is sent as UTF-8. */
  send(id: number, body: unknown = ''): void {
    this.socket.write(frame(id, body));
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Sends a request and returns the next frame with `responseId`. */
  async request(id: number, body: unknown, responseId: number, timeoutMs = 5000): Promise<RawFrame> {
    this.send(id, body);
    return this.next(responseId, timeoutMs);
  }

  /** The next frame (of `id`, if given; frames of other ids stay queued for later). */
  async next(id?: number, timeoutMs = 5000): Promise<RawFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex((candidate) => id === undefined || candidate.id === id);
      if (index >= 0) return this.frames.splice(index, 1)[0] as RawFrame;
      if (this.isClosed) throw new Error(`connection closed while waiting for frame ${id ?? 'any'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame ${id ?? ''} within ${timeoutMs} ms (queued: ${this.frames.map((f) => f.id).join(',') || 'none'})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Asserts that no frame (of `id`, if given) arrives within `ms`. */
  async expectSilence(ms: number, id?: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const unexpected = this.frames.filter((candidate) => id === undefined || candidate.id === id);
    if (unexpected.length > 0) {
      throw new Error(`expected no frame but got ${unexpected.map((f) => `${f.id} ${f.body.toString()}`).join('; ')}`);
    }
  }

  pending(): RawFrame[] {
    return [...this.frames];
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 8) {
      const length = this.buffer.readUInt32LE(0);
      if (this.buffer.length < 8 + length) break;
      const id = this.buffer.readUInt32LE(4);
      const body = Buffer.from(this.buffer.subarray(8, 8 + length));
      this.buffer = this.buffer.subarray(8 + length);
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        json = undefined;
      }
      this.frames.push({ id, body, json });
    }
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}

export function frame(id: number, body: unknown = ''): Buffer {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  const header = Buffer.alloc(8);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(id, 4);
  return Buffer.concat([header, payload]);
}

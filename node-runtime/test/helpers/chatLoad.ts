/**
 * Steady P2P load for failover tests, with every message counted. Each pair sends in order and
 * waits for its ack before the next message; a send that fails is retried with the same
 * client_msg_id (idempotent on the server) until acked or the run ends. Recipients are
 * ChatClients, which de-duplicate by mailbox seq: `duplicated` counts what a user would see twice.
 */
import { randomUUID } from 'node:crypto';
import { ChatClient } from '../../src/client/index.js';
import type { TextPush } from '../../src/client/index.js';
import { uniqueName } from './testNode.js';

export interface LoadPair {
  sender: ChatClient;
  recipient: ChatClient;
  recipientName: string;
  senderServers: string[];
  recipientServers: string[];
}

export interface LoadCounts {
  sent: number;
  acknowledged: number;
  delivered: number;
  duplicated: number;
  lost: number;
  outOfOrder: number;
  failedAttempts: number;
}

export async function connectedUser(servers: string[], prefix: string): Promise<{ client: ChatClient; name: string }> {
  const name = uniqueName(prefix);
  const client = new ChatClient({ servers, reconnect: { initialDelayMs: 50, maxDelayMs: 500 }, requestTimeoutMs: 12_000, heartbeatMs: 1000 });
  client.on('error', () => {});
  await client.connect();
  const registered = await client.register({ username: name, password: 'pw', email: `${name}@load.test` });
  if (registered.code !== 0) throw new Error(`register ${name}: ${registered.msg}`);
  const login = await client.login({ username: name, password: 'pw' });
  if (login.code !== 0) throw new Error(`login ${name}: ${login.msg}`);
  return { client, name };
}

export class P2PLoad {
  private readonly received = new Map<string, string[]>();
  private readonly acked = new Map<string, string[]>();
  private sent = 0;
  private failedAttempts = 0;
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly pairs: LoadPair[],
    private readonly intervalMs: number,
  ) {
    for (const pair of pairs) {
      this.received.set(pair.recipientName, []);
      this.acked.set(pair.recipientName, []);
      pair.recipient.on('text', (push: TextPush) => this.received.get(pair.recipientName)?.push(push.content));
    }
  }

  start(): void {
    this.running = true;
    this.loops = this.pairs.map((pair, index) => this.sendLoop(pair, index));
  }

  /** Stops sending and waits for in-flight sends to settle. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  get acknowledgedCount(): number {
    return [...this.acked.values()].reduce((sum, list) => sum + list.length, 0);
  }

  /** Waits until every acknowledged message was received (or the timeout), then counts. */
  async settle(timeoutMs: number): Promise<LoadCounts> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.missing() > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    return this.counts();
  }

  counts(): LoadCounts {
    let delivered = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    for (const [name, got] of this.received) {
      delivered += got.length;
      duplicated += got.length - new Set(got).size;
      const order = got.map((content) => Number(content.split(':')[1]));
      for (let i = 1; i < order.length; i++) if ((order[i] as number) < (order[i - 1] as number)) outOfOrder++;
      void name;
    }
    return {
      sent: this.sent,
      acknowledged: this.acknowledgedCount,
      delivered,
      duplicated,
      lost: this.missing(),
      outOfOrder,
      failedAttempts: this.failedAttempts,
    };
  }

  private missing(): number {
    let missing = 0;
    for (const [name, acked] of this.acked) {
      const got = new Set(this.received.get(name));
      for (const content of acked) if (!got.has(content)) missing++;
    }
    return missing;
  }

  private async sendLoop(pair: LoadPair, index: number): Promise<void> {
    for (let i = 0; this.running; i++) {
      const content = `p${index}:${i}`;
      const clientMsgId = randomUUID();
      this.sent++;
      // Retry the same message until it is acked: a retry with the same id is never delivered twice.
      while (this.running) {
        try {
          const ack = await pair.sender.sendText(pair.recipientName, content, { clientMsgId });
          if (ack?.status === 0) {
            this.acked.get(pair.recipientName)?.push(content);
            break;
          }
          this.failedAttempts++;
        } catch {
          this.failedAttempts++;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }
}

export function formatCounts(scenario: string, counts: LoadCounts, extra: Record<string, string | number> = {}): string {
  const fields = { ...counts, ...extra };
  return `${scenario}: ${Object.entries(fields).map(([key, value]) => `${key}=${value}`).join(' ')}`;
}

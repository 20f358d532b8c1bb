/**
 * Steady P2P load for failover tests, with every message counted: a thin wrapper over the Test
 * lab's blast engine (src/admin/lab/blastRun.ts), which owns the counting semantics — in-order
 * sends per pair, idempotent retries by client_msg_id, mailbox-seq de-duplication by ChatClient.
 */
import type { BlastCounts } from '../../contract/index.js';
import { BlastRun } from '../../src/admin/index.js';
import { ChatClient } from '../../src/client/index.js';
import { uniqueName } from './testNode.js';

export interface LoadPair {
  sender: ChatClient;
  recipient: ChatClient;
  recipientName: string;
  senderServers: string[];
  recipientServers: string[];
}

/** The blast engine's counts (sent, acknowledged, delivered, duplicated, lost, pending, outOfOrder, failedAttempts). */
export type LoadCounts = BlastCounts;

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

/** One message every `intervalMs` per pair, until stop(): the Test lab's BlastRun with an open-ended duration. */
export class P2PLoad {
  private readonly run: BlastRun;

  constructor(pairs: LoadPair[], intervalMs: number) {
    const plan = {
      pattern: 'p2p' as const,
      pairs: pairs.map((pair, index) => ({ sender: { name: `sender-${index}`, client: pair.sender }, recipient: { name: pair.recipientName, client: pair.recipient } })),
    };
    this.run = new BlastRun(plan, { pattern: 'p2p', ratePerSec: (pairs.length * 1000) / intervalMs, durationMs: Infinity, payloadBytes: 16 });
  }

  start(): void {
    this.run.start();
  }

  /** Stops sending and waits for in-flight sends to settle. */
  async stop(): Promise<void> {
    await this.run.stop();
  }

  get acknowledgedCount(): number {
    return this.run.counts().acknowledged;
  }

  /** Waits until every acknowledged message was received (or the timeout), then counts. */
  settle(timeoutMs: number): Promise<LoadCounts> {
    return this.run.settle(timeoutMs);
  }

  counts(): LoadCounts {
    return this.run.counts();
  }
}

export function formatCounts(scenario: string, counts: LoadCounts, extra: Record<string, string | number> = {}): string {
  const fields = { ...counts, ...extra };
  return `${scenario}: ${Object.entries(fields).map(([key, value]) => `${key}=${value}`).join(' ')}`;
}

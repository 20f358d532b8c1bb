/**
 * The scenario's load, borrowed from the Test lab through its public API (LabFeature.createUsers,
 * startBlast → BlastRun): lab users spread over the healthy nodes (each client knows the other
 * nodes and fails over like a real client), a P2P blast with every message counted (sent /
 * acknowledged / delivered / duplicated / lost) and per-user reconnect times. The failover lab
 * never generates load itself.
 */
import type { BlastView, MessageCounts } from '../../../contract/index.js';
import type { BlastRun } from '../lab/blastRun.js';
import type { LabFeature } from '../lab/labFeature.js';
import { ZERO_COUNTS } from './runRecorder.js';

const PAYLOAD_BYTES = 64;
const SETTLE_MS = 15_000;

export class LabBlast {
  private run: BlastRun | null = null;

  constructor(private readonly lab: LabFeature) {}

  /** Exactly `users` lab users (earlier lab users are closed first), spread round-robin over the healthy nodes. */
  async prepare(users: number): Promise<void> {
    await this.lab.closeUsers();
    await this.lab.createUsers({ count: users, nodes: { kind: 'spread' } });
  }

  /** Sends for `durationMs`; the run then drains and settles its counts by itself. */
  async start(ratePerSec: number, durationMs: number): Promise<void> {
    this.run = await this.lab.startBlast({ pattern: 'p2p', ratePerSec, durationMs, payloadBytes: PAYLOAD_BYTES });
  }

  get view(): BlastView | null {
    return this.run?.view() ?? null;
  }

  counts(): MessageCounts {
    if (!this.run) return { ...ZERO_COUNTS };
    const { sent, acknowledged, delivered, duplicated, lost } = this.run.counts();
    return { sent, acknowledged, delivered, duplicated, lost };
  }

  /** Stops sending now and settles the counts. */
  async stop(): Promise<void> {
    const run = this.run;
    if (!run || run.state === 'done' || run.state === 'stopped') return;
    await run.stop();
    await run.settle(SETTLE_MS);
  }

  /** Waits until the blast has ended (its counts are final), or the timeout; returns its view. */
  async ended(timeoutMs: number): Promise<BlastView | null> {
    const run = this.run;
    if (!run) return null;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    const view = await Promise.race([run.finished, timeout]);
    clearTimeout(timer);
    return view ?? run.view();
  }

  /** Closes the lab users (the lab's view empties); the report already has their numbers. */
  async close(): Promise<void> {
    await this.lab.closeUsers().catch(() => undefined);
  }
}

/**
 * One lab message followed along its way: client send → server ack (stored) → seen on the bus →
 * delivered to each receiving lab client, each step with the console's clock and its node.
 * For the trace's lifetime it gets the bus messages of the one subject the message takes (the
 * feature subscribes ahead of time: interest takes a moment to spread over a NATS cluster) and
 * listens to the receiving clients; the bus and the pushes may beat the ack, so sightings are kept
 * by msg_id and matched once the ack names it. It ends when every expected delivery came, or at the timeout.
 */
import { randomUUID } from 'node:crypto';
import type { LabHop, LabMessageView } from '../../../contract/index.js';
import type { GroupTextPush, TextPush } from '../../client/index.js';
import type { BusMessage } from '../../cluster/bus/messageBus.js';
import { decodeEnvelope } from '../../routing/busEnvelopes.js';
import type { LabUser } from './labUsers.js';

export interface TraceTarget {
  kind: 'p2p' | 'group';
  from: LabUser;
  /** Who should receive it. */
  recipients: LabUser[];
  /** Recipient username, or the group's name. */
  to: string;
  subject: string;
  content: string;
  send(clientMsgId: string): Promise<{ ok: boolean; msgId: string | null; error: string | null }>;
}

export interface TraceDeps {
  now: () => number;
  nodeOf: (server: string | null) => Promise<string | null>;
  onUpdate: (view: LabMessageView) => void;
  timeoutMs?: number;
}

interface Sighting {
  msgId: string;
  hop: LabHop;
  user?: string;
}

const CONTENT_SHOWN = 200;

export class MessageTrace {
  readonly view: LabMessageView;
  private readonly sightings: Sighting[] = [];
  private readonly cleanup: (() => void)[] = [];
  private finish!: () => void;
  private readonly done = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(
    private readonly target: TraceTarget,
    private readonly deps: TraceDeps,
  ) {
    this.view = {
      id: randomUUID(),
      kind: target.kind,
      from: target.from.name,
      to: target.to,
      subject: target.subject,
      content: target.content.length > CONTENT_SHOWN ? `${target.content.slice(0, CONTENT_SHOWN)}…` : target.content,
      msgId: null,
      status: 'sending',
      error: null,
      sentAt: deps.now(),
      hops: [],
      deliveries: [],
      expected: target.recipients.length,
    };
  }

  /** Sends and follows the message; resolves with the final view (delivered, or what was seen by the timeout). */
  async run(): Promise<LabMessageView> {
    this.watch();
    try {
      const senderNode = await this.deps.nodeOf(this.target.from.client.currentServer);
      this.view.sentAt = this.deps.now();
      this.addHop({ step: 'send', at: this.view.sentAt, nodeId: senderNode, detail: this.target.from.name });
      const outcome = await this.target.send(randomUUID());
      if (!outcome.ok || outcome.msgId === null) {
        this.view.status = 'failed';
        this.view.error = outcome.error ?? 'the server did not accept the message';
        return this.view;
      }
      this.view.msgId = outcome.msgId;
      this.view.status = 'acked';
      this.addHop({ step: 'ack', at: this.deps.now(), nodeId: senderNode, detail: outcome.msgId });
      this.match();
      const timer = setTimeout(() => this.finish(), this.deps.timeoutMs ?? 10_000);
      await this.done;
      clearTimeout(timer);
      return this.view;
    } catch (error) {
      this.view.status = 'failed';
      this.view.error = error instanceof Error ? error.message : String(error);
      return this.view;
    } finally {
      this.stop();
      this.deps.onUpdate(this.view);
    }
  }

  get subject(): string {
    return this.target.subject;
  }

  /** A message seen on this trace's subject. */
  onBus(message: BusMessage): void {
    const envelope = decodeEnvelope(message.data);
    if (!envelope || envelope.kind === 'membership') return;
    const msgId = envelope.kind === 'p2p' ? envelope.entry.msgId : envelope.record.msgId;
    this.sight({ msgId, hop: { step: 'bus', at: this.deps.now(), nodeId: envelope.node ?? null, detail: message.subject } });
  }

  private watch(): void {
    for (const user of this.target.recipients) {
      const onPush = (push: TextPush | GroupTextPush) => {
        if (!push.msg_id) return;
        this.sight({ msgId: push.msg_id, user: user.name, hop: { step: 'deliver', at: this.deps.now(), nodeId: null, detail: user.name } });
      };
      const event = this.target.kind === 'p2p' ? 'text' : 'groupText';
      user.client.on(event, onPush);
      this.cleanup.push(() => user.client.off(event, onPush));
    }
  }

  private sight(sighting: Sighting): void {
    this.sightings.push(sighting);
    if (this.view.msgId !== null) this.match();
  }

  /** Moves the sightings of this message's msg_id into the view. */
  private match(): void {
    const mine = this.sightings.filter((sighting) => sighting.msgId === this.view.msgId);
    this.sightings.length = 0;
    for (const sighting of mine) {
      if (sighting.hop.step === 'bus') {
        if (!this.view.hops.some((hop) => hop.step === 'bus')) this.addHop(sighting.hop);
        continue;
      }
      const user = this.target.recipients.find((candidate) => candidate.name === sighting.user);
      if (!user || this.view.deliveries.some((delivery) => delivery.username === user.name)) continue;
      void this.deliver(user, sighting.hop);
    }
  }

  private async deliver(user: LabUser, hop: LabHop): Promise<void> {
    const nodeId = await this.deps.nodeOf(user.client.currentServer);
    if (this.view.deliveries.some((delivery) => delivery.username === user.name)) return;
    this.view.deliveries.push({ username: user.name, nodeId, at: hop.at, latencyMs: hop.at - this.view.sentAt });
    this.addHop({ ...hop, nodeId });
    if (this.view.deliveries.length >= this.view.expected) {
      this.view.status = 'delivered';
      this.finish();
    }
  }

  private addHop(hop: LabHop): void {
    this.view.hops.push(hop);
    // The bus and a push can beat the ack: keep the timeline in time order.
    this.view.hops.sort((a, b) => a.at - b.at || STEP_ORDER[a.step] - STEP_ORDER[b.step]);
    this.deps.onUpdate(this.view);
  }

  private stop(): void {
    for (const undo of this.cleanup.splice(0)) undo();
  }
}

const STEP_ORDER: Record<LabHop['step'], number> = { send: 0, ack: 1, bus: 2, deliver: 3 };

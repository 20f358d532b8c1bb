/**
 * Moves stored messages to their recipients: this node's connections directly, other nodes
 * through the bus (a node subscribes to `chat.p2p.<user>` for each local user and to
 * `chat.group.<group>` once per group with a local member), and the offline inbox when the
 * recipient is nowhere. It also keeps presence and the local group index in step with logins.
 */
import type { Logger } from '../common/logger.js';
import type { NodeMetrics } from '../common/nodeMetrics.js';
import type { MessageRouter } from '../chat/messageRouter.js';
import type { SessionUser } from '../chat/sessionUser.js';
import type { BusMessage, BusSubscription, MessageBus } from '../cluster/bus/messageBus.js';
import { Subjects } from '../cluster/bus/subjects.js';
import type { PresenceStore } from '../cluster/presence/presenceStore.js';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { GroupMessageRecord, MailboxEntry } from '../cluster/store/records.js';
import { encodeFrame } from '../protocol/frameEncoder.js';
import { encodeGoJson } from '../protocol/goJsonEncode.js';
import { MsgId } from '../protocol/messageIds.js';
import { directPushBody, groupPushBody } from '../protocol/pushBodies.js';
import { decodeEnvelope, encodeEnvelope, type BusEnvelope } from './busEnvelopes.js';
import { LocalGroupIndex } from './localGroupIndex.js';
import type { LocalSessions, PushTarget } from './localSessions.js';

export interface RouterDeps {
  nodeId: string;
  /** Unique per process start; tells this node's own bus traffic apart even if two nodes share an id. */
  instanceId: string;
  bus: MessageBus;
  presence: PresenceStore;
  store: ChatStore;
  sessions: LocalSessions;
  logger: Logger;
  metrics: NodeMetrics;
  now?: () => number;
}

export interface RouterStats {
  directLocal: number;
  directRemote: number;
  directOffline: number;
  groupPushes: number;
  busIn: number;
  busDropped: number;
}

export class Router implements MessageRouter {
  readonly groups = new LocalGroupIndex();
  readonly stats: RouterStats = { directLocal: 0, directRemote: 0, directOffline: 0, groupPushes: 0, busIn: 0, busDropped: 0 };
  private readonly userSubscriptions = new Map<number, BusSubscription>();
  private readonly groupSubscriptions = new Map<number, BusSubscription>();
  private membershipSubscription: BusSubscription | undefined;
  private readonly onBusMessage = (message: BusMessage) => {
    try {
      this.receive(message);
    } catch (error) {
      // One bad delivery must not stop this subscription or reach the bus driver.
      this.deps.logger.error('bus_delivery_failed', { subject: message.subject, error: error instanceof Error ? error.message : String(error) });
    }
  };

  private readonly now: () => number;

  constructor(private readonly deps: RouterDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    this.membershipSubscription = this.deps.bus.subscribe(Subjects.groupMembershipAll, this.onBusMessage);
  }

  stop(): void {
    this.membershipSubscription?.unsubscribe();
    for (const subscription of [...this.userSubscriptions.values(), ...this.groupSubscriptions.values()]) subscription.unsubscribe();
    this.userSubscriptions.clear();
    this.groupSubscriptions.clear();
  }

  /** The user's first connection on this node logged in. */
  async userOnline(user: SessionUser): Promise<void> {
    if (!this.userSubscriptions.has(user.id)) {
      this.userSubscriptions.set(user.id, this.deps.bus.subscribe(Subjects.p2p(user.id), this.onBusMessage));
    }
    for (const group of await this.deps.store.groupsOfUser(user.id)) this.addLocalMember(group.id, user.id);
    await this.deps.presence.setOnline(user.id, this.deps.nodeId);
  }

  /** The user's last connection on this node is gone. */
  async userOffline(userId: number): Promise<void> {
    this.userSubscriptions.get(userId)?.unsubscribe();
    this.userSubscriptions.delete(userId);
    for (const groupId of this.groups.removeUser(userId)) this.dropGroupSubscription(groupId);
    await this.deps.presence.setOffline(userId, this.deps.nodeId);
  }

  async routeDirect(entries: readonly MailboxEntry[]): Promise<PromiseSettledResult<void>[]> {
    const local = entries.map((entry) => this.pushDirectLocally(entry));
    // All presence reads at once (one Redis round trip for the lot); the publishes are then issued in entry order.
    const located = await Promise.allSettled(entries.map((entry) => this.deps.presence.nodesOf(entry.toId)));
    return Promise.allSettled(
      entries.map((entry, index) => {
        const nodes = located[index] as PromiseSettledResult<string[]>;
        if (nodes.status === 'rejected') return Promise.reject(nodes.reason);
        return this.forwardDirect(entry, local[index] as boolean, nodes.value);
      }),
    );
  }

  /** After the local push: to the recipient's other nodes over the bus, or to the offline inbox when it is nowhere. */
  private async forwardDirect(entry: MailboxEntry, local: boolean, nodes: string[]): Promise<void> {
    const remoteNodes = nodes.filter((node) => node !== this.deps.nodeId);
    if (remoteNodes.length > 0) {
      this.stats.directRemote++;
      this.deps.metrics.crossNodePublished('p2p');
      await this.publish(Subjects.p2p(entry.toId), { kind: 'p2p', origin: this.deps.instanceId, node: this.deps.nodeId, entry }, entry.msgId);
    }
    if (!local && remoteNodes.length === 0) {
      this.stats.directOffline++;
      await this.deps.store.addToOfflineInbox(entry.toId, [entry.seq]);
    }
  }

  async routeGroup(record: GroupMessageRecord, pushedAt: number): Promise<void> {
    this.pushGroupLocally(record, pushedAt);
    this.deps.metrics.crossNodePublished('group');
    await this.publish(Subjects.group(record.groupId), { kind: 'group', origin: this.deps.instanceId, node: this.deps.nodeId, record, pushedAt }, record.msgId);
  }

  async membershipChanged(groupId: number, userId: number, isMember: boolean): Promise<void> {
    this.applyMembership(groupId, userId, isMember);
    await this.publish(Subjects.groupMembership(groupId), {
      kind: 'membership',
      origin: this.deps.instanceId,
      node: this.deps.nodeId,
      groupId,
      userId,
      isMember,
    });
  }

  /** Pushes to this node's connections of the recipient. Returns whether any connection took it. */
  private pushDirectLocally(entry: MailboxEntry): boolean {
    const targets = this.deps.sessions.connectionsOf(entry.toId);
    if (!targets || targets.size === 0) return false;
    this.stats.directLocal++;
    const frames = new PushFrames(
      () => encodeFrame(MsgId.TextMsg, encodeGoJson(directPushBody(entry, false))),
      () => encodeFrame(MsgId.TextMsg, encodeGoJson(directPushBody(entry, true))),
    );
    let delivered = false;
    for (const target of targets) {
      const frame = frames.for(target);
      if (target.replay.hold(entry.seq, frame) || target.sendEncoded(frame)) {
        delivered = true;
        this.deps.metrics.messageDelivered('p2p');
      }
    }
    if (delivered) this.deps.metrics.deliveryLatency('p2p', (this.now() - entry.sentAt) / 1000);
    return delivered;
  }

  private pushGroupLocally(record: GroupMessageRecord, pushedAt: number): void {
    const members = this.groups.membersOf(record.groupId);
    if (!members) return;
    const frames = new PushFrames(
      () => encodeFrame(MsgId.GroupTextMsgPush, encodeGoJson(groupPushBody(record, pushedAt, false))),
      () => encodeFrame(MsgId.GroupTextMsgPush, encodeGoJson(groupPushBody(record, pushedAt, true))),
    );
    let pushed = 0;
    for (const userId of members) {
      // The sender's user gets its 311, not a 312 — on none of its sessions (§4.10 step 7).
      if (userId === record.senderId) continue;
      for (const target of this.deps.sessions.connectionsOf(userId) ?? []) {
        const frame = frames.for(target);
        if (target.replay.hold(null, frame) || target.sendEncoded(frame)) pushed++;
      }
    }
    if (pushed === 0) return;
    this.stats.groupPushes += pushed;
    this.deps.metrics.messageDelivered('group', pushed);
    this.deps.metrics.deliveryLatency('group', (this.now() - record.createdAt) / 1000);
  }

  private receive(message: BusMessage): void {
    const envelope = decodeEnvelope(message.data);
    if (!envelope) {
      this.stats.busDropped++;
      this.deps.logger.warn('bus_envelope_invalid', { subject: message.subject, bytes: message.data.byteLength });
      return;
    }
    if (envelope.origin === this.deps.instanceId) return;
    this.stats.busIn++;
    switch (envelope.kind) {
      case 'p2p':
        if (!this.pushDirectLocally(envelope.entry)) {
          // The recipient left between the sender's presence check and now: keep it for its next login.
          this.stats.directOffline++;
          void this.deps.store.addToOfflineInbox(envelope.entry.toId, [envelope.entry.seq]).catch((error: unknown) =>
            this.deps.logger.error('offline_inbox_failed', { user: envelope.entry.toId, error: String(error) }),
          );
        }
        return;
      case 'group':
        this.pushGroupLocally(envelope.record, envelope.pushedAt);
        return;
      case 'membership':
        this.applyMembership(envelope.groupId, envelope.userId, envelope.isMember);
        return;
    }
  }

  private applyMembership(groupId: number, userId: number, isMember: boolean): void {
    if (!this.userSubscriptions.has(userId)) return;
    if (isMember) this.addLocalMember(groupId, userId);
    else if (this.groups.remove(groupId, userId)) this.dropGroupSubscription(groupId);
  }

  private addLocalMember(groupId: number, userId: number): void {
    if (this.groups.add(groupId, userId)) {
      this.groupSubscriptions.set(groupId, this.deps.bus.subscribe(Subjects.group(groupId), this.onBusMessage));
    }
  }

  private dropGroupSubscription(groupId: number): void {
    this.groupSubscriptions.get(groupId)?.unsubscribe();
    this.groupSubscriptions.delete(groupId);
  }

  private async publish(subject: string, envelope: BusEnvelope, msgId?: string): Promise<void> {
    await this.deps.bus.publish(subject, encodeEnvelope(envelope), msgId ? { msgId } : undefined);
  }
}

/** Encodes each form of a push at most once, however many connections receive it. */
class PushFrames {
  private legacy: Buffer | undefined;
  private extended: Buffer | undefined;
  constructor(
    private readonly makeLegacy: () => Buffer,
    private readonly makeExtended: () => Buffer,
  ) {}

  for(target: PushTarget): Buffer {
    if (target.extended) return (this.extended ??= this.makeExtended());
    return (this.legacy ??= this.makeLegacy());
  }
}

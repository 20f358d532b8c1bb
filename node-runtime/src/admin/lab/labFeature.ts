/**
 * The Test lab's back end: test users as real TCP clients, single messages followed hop by hop,
 * and blast runs with live counters. For the Failover lab: `createUsers(request)` connects users,
 * `startBlast(spec)` returns the BlastRun (see blastRun.ts for its API), `currentBlast` is the run.
 */
import type { BlastSpec, BlastTick, BlastView, CreateLabUsersRequest, LabEvents, LabMessageView, LabMethods, LabState, LabUserView, SendLabMessageRequest } from '../../../contract/index.js';
import type { BusMessage, BusSubscription } from '../../cluster/bus/messageBus.js';
import { Subjects } from '../../cluster/bus/subjects.js';
import { AdminError } from '../adminErrors.js';
import { FeatureEvents, type AdminFeature, type FeatureContext, type FeatureHandlers } from '../adminFeature.js';
import { BlastRun, type BlastPlan } from './blastRun.js';
import { MAX_LAB_PAYLOAD } from './labArguments.js';
import { LabGroup } from './labGroup.js';
import { LabNodes } from './labNodes.js';
import { LAB_PREFIX, LabUsers, type LabUser } from './labUsers.js';
import { MessageTrace } from './messageTrace.js';

const MESSAGES_KEPT = 50;
/** Unacknowledged messages per sender: lets a few test users reach hundreds of msg/s (see blastRun.ts). */
export const BLAST_WINDOW = 4;
/** Users events are coalesced: a failover moves many clients at once. */
const USERS_EVENT_DELAY_MS = 200;
const NEW_WATCH_DELAY_MS = 150;

export class LabFeature implements AdminFeature<LabMethods, LabEvents> {
  private readonly events = new FeatureEvents<LabEvents>();
  private readonly nodes: LabNodes;
  private readonly users: LabUsers;
  private readonly group = new LabGroup(LAB_PREFIX);
  private readonly messages: LabMessageView[] = [];
  private readonly traces = new Set<MessageTrace>();
  private readonly busWatch = new Map<string, BusSubscription>();
  private blast: BlastRun | null = null;
  private usersTimer: NodeJS.Timeout | undefined;

  readonly handlers: FeatureHandlers<LabMethods> = {
    getLabState: async () => this.state(),
    createLabUsers: async (request) => {
      await this.createUsers(request);
      return this.userViews();
    },
    closeLabUsers: async () => {
      await this.closeUsers();
      return null;
    },
    sendLabMessage: (request) => this.sendMessage(request),
    startBlast: async (spec) => (await this.startBlast(spec)).view(),
    stopBlast: async () => {
      const run = this.blast;
      if (!run) return null;
      await run.stop();
      await run.settle(5000);
      return run.view();
    },
  };

  constructor(readonly context: FeatureContext) {
    this.nodes = new LabNodes(context.host, context.now);
    this.users = new LabUsers(this.nodes, () => this.usersChanged());
  }

  on<K extends keyof LabEvents>(event: K, listener: (payload: LabEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  get currentBlast(): BlastRun | null {
    return this.blast;
  }

  get labUsers(): readonly LabUser[] {
    return this.users.all;
  }

  /** Connects more lab users (registered when missing) and watches their bus subjects for traces. */
  async createUsers(request: CreateLabUsersRequest): Promise<LabUser[]> {
    const created = await this.users.create(request.count, request.nodes);
    for (const user of created) this.watchSubject(Subjects.p2p(user.userId));
    return created;
  }

  async closeUsers(): Promise<void> {
    if (this.blast && (this.blast.state === 'running' || this.blast.state === 'draining')) {
      await this.blast.stop();
      await this.blast.settle(0);
    }
    this.unwatchAll();
    this.group.reset();
    await this.users.closeAll();
  }

  /** Starts a blast over the connected lab users; one at a time. */
  async startBlast(spec: BlastSpec): Promise<BlastRun> {
    if (this.blast && (this.blast.state === 'running' || this.blast.state === 'draining')) {
      throw new AdminError('NOT_AVAILABLE', `blast ${this.blast.runId} is still ${this.blast.state}: stop it first`);
    }
    const run = new BlastRun(await this.planFor(spec), spec, { now: this.context.now, maxInFlightPerSender: BLAST_WINDOW });
    this.blast = run;
    run.on('tick', (tick) => this.emitBlast(run, tick));
    run.on('end', () => this.emitBlast(run, null));
    run.start();
    this.context.logger.info('lab_blast_started', { run: run.runId, pattern: spec.pattern, rate: spec.ratePerSec, duration_ms: spec.durationMs, senders: run.senders });
    this.emitBlast(run, null);
    return run;
  }

  /** Sends one message from a lab user and follows it; resolves when delivered (or after 10 s). */
  async sendMessage(request: SendLabMessageRequest): Promise<LabMessageView> {
    const from = this.requireUser(request.from, 'from');
    const trace = request.kind === 'p2p' ? this.p2pTrace(from, this.requireUser(request.to, 'to'), request.content) : await this.groupTrace(from, request.content);
    this.traces.add(trace);
    try {
      return await trace.run();
    } finally {
      this.traces.delete(trace);
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.usersTimer);
    if (this.blast) {
      await this.blast.stop();
      await this.blast.settle(0);
    }
    this.unwatchAll();
    await this.users.close();
  }

  // ---- internals ----

  private state(): LabState {
    return {
      prefix: LAB_PREFIX,
      users: this.userViews(),
      messages: [...this.messages],
      blast: this.blast?.view() ?? null,
      blastTicks: this.blast?.ticks() ?? [],
      maxPayloadBytes: MAX_LAB_PAYLOAD,
    };
  }

  private userViews(): LabUserView[] {
    return this.users.views((server) => this.nodes.cachedNodeOf(server));
  }

  private async planFor(spec: BlastSpec): Promise<BlastPlan> {
    const users = this.users.all.filter((user) => user.client.state !== 'closed');
    if (users.length < 2) throw new AdminError('NOT_AVAILABLE', 'a blast needs at least 2 connected lab users: create users first');
    if (spec.pattern === 'group') {
      const group = await this.group.ensure(users);
      return { pattern: 'group', groupId: group.id, members: users.map((user) => ({ name: user.name, client: user.client })) };
    }
    const pairs = [];
    for (let index = 0; index + 1 < users.length; index += 2) {
      const sender = users[index] as LabUser;
      const recipient = users[index + 1] as LabUser;
      pairs.push({ sender: { name: sender.name, client: sender.client }, recipient: { name: recipient.name, client: recipient.client } });
    }
    return { pattern: 'p2p', pairs };
  }

  private p2pTrace(from: LabUser, to: LabUser, content: string): MessageTrace {
    return new MessageTrace(
      {
        kind: 'p2p',
        from,
        recipients: [to],
        to: to.name,
        subject: Subjects.p2p(to.userId),
        content,
        send: async (clientMsgId) => {
          const ack = await from.client.sendText(to.name, content, { clientMsgId });
          return { ok: ack?.status === 0, msgId: ack?.msg_id ?? null, error: ack?.error ?? null };
        },
      },
      this.traceDeps(),
    );
  }

  private async groupTrace(from: LabUser, content: string): Promise<MessageTrace> {
    const members = this.users.all.filter((user) => user.client.state !== 'closed');
    const group = await this.group.ensure(members);
    // A new subscription needs a moment to reach every server of a NATS cluster.
    if (this.watchSubject(Subjects.group(group.id))) await new Promise((resolve) => setTimeout(resolve, NEW_WATCH_DELAY_MS));
    return new MessageTrace(
      {
        kind: 'group',
        from,
        recipients: members.filter((user) => user !== from),
        to: group.name,
        subject: Subjects.group(group.id),
        content,
        send: async (clientMsgId) => {
          const reply = await from.client.sendGroupText(group.id, content, { clientMsgId });
          return { ok: reply.status === 0, msgId: reply.msg_id ?? null, error: reply.error ?? null };
        },
      },
      this.traceDeps(),
    );
  }

  private traceDeps() {
    return {
      now: this.context.now,
      nodeOf: (server: string | null) => this.nodes.nodeOf(server),
      onUpdate: (view: LabMessageView) => this.messageChanged(view),
    };
  }

  private requireUser(name: string, field: string): LabUser {
    const user = this.users.find(name);
    if (!user) throw new AdminError('NOT_FOUND', `sendLabMessage: field "${field}": no connected lab user "${name.slice(0, 60)}"`);
    return user;
  }

  /** Subscribed ahead of any trace: interest takes a moment to spread over a NATS cluster. */
  /** Returns whether the subscription is new. */
  private watchSubject(subject: string): boolean {
    if (this.busWatch.has(subject)) return false;
    const onMessage = (message: BusMessage) => {
      for (const trace of this.traces) if (trace.subject === message.subject) trace.onBus(message);
    };
    this.busWatch.set(subject, this.context.host.backends.bus.subscribe(subject, onMessage));
    return true;
  }

  private unwatchAll(): void {
    for (const subscription of this.busWatch.values()) subscription.unsubscribe();
    this.busWatch.clear();
  }

  private messageChanged(view: LabMessageView): void {
    const index = this.messages.findIndex((message) => message.id === view.id);
    if (index >= 0) this.messages[index] = view;
    else {
      this.messages.push(view);
      if (this.messages.length > MESSAGES_KEPT) this.messages.shift();
    }
    this.events.emit('lab', { kind: 'message', message: structuredClone(view) });
  }

  private emitBlast(run: BlastRun, tick: BlastTick | null): void {
    const blast: BlastView = run.view();
    this.events.emit('lab', { kind: 'blast', blast, tick });
  }

  private usersChanged(): void {
    if (this.usersTimer) return;
    this.usersTimer = setTimeout(() => {
      this.usersTimer = undefined;
      // Refresh the node map first so a user that failed over shows its new node.
      void this.nodes
        .nodeOf(this.users.all[0]?.client.currentServer ?? null)
        .catch(() => null)
        .then(() => this.events.emit('lab', { kind: 'users', users: this.userViews() }));
    }, USERS_EVENT_DELAY_MS);
  }
}

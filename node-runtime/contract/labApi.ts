/**
 * The test-message lab (the Test lab view): test users connected as real TCP clients, single
 * messages with their hops, and blast runs with live counters. Merged into AdminMethods by adminApi.ts.
 */

/** Where lab clients connect: one node by id, round-robin over healthy nodes, or the least-loaded healthy node. */
export type LabNodeChoice = { kind: 'node'; nodeId: string } | { kind: 'spread' } | { kind: 'least-loaded' };

export interface LabUserView {
  username: string;
  userId: number;
  /** The node the client is connected to now (null while reconnecting). */
  nodeId: string | null;
  /** `host:port` of the live connection. */
  server: string | null;
  state: 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';
}

export interface CreateLabUsersRequest {
  /** 1..200 users named `<prefix>-<n>` (registered when missing, else logged in). */
  count: number;
  nodes: LabNodeChoice;
}

/** One step of a message's way, with the time it was seen (ms since the epoch, the console's clock). */
export interface LabHop {
  step: 'send' | 'ack' | 'bus' | 'deliver';
  at: number;
  /** The node of the step (sender's node for send/ack, receiver's for deliver), or null. */
  nodeId: string | null;
  /** The bus subject for `bus`; the user for `send` and `deliver`; the msg_id for `ack`. */
  detail: string;
}

export interface LabDeliveryView {
  username: string;
  nodeId: string | null;
  at: number;
  /** Client send → delivered, in ms. */
  latencyMs: number;
}

export interface LabMessageView {
  id: string;
  kind: 'p2p' | 'group';
  from: string;
  /** Recipient username (p2p) or the lab group's name (group). */
  to: string;
  subject: string;
  content: string;
  msgId: string | null;
  status: 'sending' | 'acked' | 'delivered' | 'failed';
  error: string | null;
  sentAt: number;
  /** In time order; `bus` is absent when sender and receiver are on the same node (no bus hop). */
  hops: LabHop[];
  deliveries: LabDeliveryView[];
  /** Deliveries expected: 1 for p2p, the other members for a group. */
  expected: number;
}

export interface SendLabMessageRequest {
  kind: 'p2p' | 'group';
  from: string;
  /** Recipient username for p2p; ignored for group (the lab group of every lab user). */
  to: string;
  content: string;
}

export type BlastPattern = 'p2p' | 'group';

export interface BlastSpec {
  /** `p2p`: users in sender → recipient pairs; `group`: every user sends to one lab group. */
  pattern: BlastPattern;
  /** Messages per second over all senders, 1..20 000. */
  ratePerSec: number;
  /** 1 s .. 10 min. */
  durationMs: number;
  /** Content length in bytes, 16 .. the node's frame cap less the envelope. */
  payloadBytes: number;
}

export interface BlastCounts {
  /** Messages written at least once (retries of one message count once). */
  sent: number;
  /** Acknowledged by the server (stored). */
  acknowledged: number;
  /** Receptions (one per recipient per message), duplicates excluded. */
  delivered: number;
  /** Receptions a user would have seen twice. */
  duplicated: number;
  /** Acknowledged receptions missing after the grace period (or after the run settled). */
  lost: number;
  /** Acknowledged receptions still awaited within the grace period. */
  pending: number;
  /** Receptions older than one already received from the same sender. */
  outOfOrder: number;
  /** Send attempts that failed and were retried with the same client_msg_id. */
  failedAttempts: number;
}

/** Milliseconds. */
export interface LatencyPercentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface BlastTick {
  /** Since the run started, ms. */
  elapsedMs: number;
  at: number;
  counts: BlastCounts;
  sentPerSec: number;
  deliveredPerSec: number;
  /** Delivery latency of the receptions of this second. */
  latency: LatencyPercentiles;
}

/** One user's time offline: its connection dropped, then it was logged in again. */
export interface BlastReconnect {
  username: string;
  fromServer: string;
  toServer: string | null;
  downAt: number;
  upAt: number | null;
  ms: number | null;
}

/**
 * One reception a user saw twice, with what identifies each copy (`msg_id#mailbox seq` for P2P,
 * `msg_id#history id` for groups), so a duplicate can be told apart: same msg_id = delivered twice,
 * different msg_ids = stored twice.
 */
export interface BlastDuplicate {
  username: string;
  /** The sender's lane and its message number. */
  lane: number;
  seq: number;
  /** The first copy's identity, or null when it is too old to remember. */
  first: string | null;
  again: string;
  at: number;
}

export type BlastState = 'running' | 'draining' | 'done' | 'stopped';

export interface BlastView {
  runId: string;
  spec: BlastSpec;
  state: BlastState;
  startedAt: number;
  endedAt: number | null;
  senders: number;
  counts: BlastCounts;
  /** Client send → delivered, over the whole run. */
  latency: LatencyPercentiles;
  /** Client send → server ack, over the whole run. */
  ackLatency: LatencyPercentiles;
  reconnects: BlastReconnect[];
  /** The first few duplicates (at most 20). */
  duplicates: BlastDuplicate[];
}

export interface LabState {
  prefix: string;
  users: LabUserView[];
  /** Newest last, at most 50. */
  messages: LabMessageView[];
  blast: BlastView | null;
  /** The current (or last) run's ticks, oldest first. */
  blastTicks: BlastTick[];
  /** Largest payloadBytes a blast may ask for on this cluster. */
  maxPayloadBytes: number;
}

/** What the host pushes: one change at a time (ticks once per second). */
export type LabUpdate =
  | { kind: 'users'; users: LabUserView[] }
  | { kind: 'message'; message: LabMessageView }
  | { kind: 'blast'; blast: BlastView; tick: BlastTick | null };

export interface LabMethods {
  getLabState: [null, LabState];
  createLabUsers: [CreateLabUsersRequest, LabUserView[]];
  closeLabUsers: [null, null];
  sendLabMessage: [SendLabMessageRequest, LabMessageView];
  startBlast: [BlastSpec, BlastView];
  stopBlast: [null, BlastView | null];
}

export interface LabEvents {
  lab: LabUpdate;
}

export const LAB_METHODS = ['getLabState', 'createLabUsers', 'closeLabUsers', 'sendLabMessage', 'startBlast', 'stopBlast'] as const satisfies readonly (keyof LabMethods)[];
export const LAB_EVENTS = ['lab'] as const satisfies readonly (keyof LabEvents)[];
/** Methods that change something: refused in read-only mode. */
export const LAB_MUTATING: readonly (keyof LabMethods)[] = ['createLabUsers', 'closeLabUsers', 'sendLabMessage', 'startBlast', 'stopBlast'];

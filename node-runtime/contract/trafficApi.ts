/**
 * Live traffic (the Traffic view): a wiretap on the bus (`chat.>` and `system.>`), aggregated in
 * the host process and sent to the renderer as one `traffic` batch every TRAFFIC_BATCH_MS. The
 * counters are exact; the tail is sampled when more matches than it can show ("1 in N").
 * Declared here, merged into AdminMethods/AdminEvents by adminApi.ts.
 */

/** What a subject is: chat.p2p.*, chat.group.*, system.membership.*, other system.*, anything else. */
export type TrafficClass = 'p2p' | 'group' | 'membership' | 'system' | 'other';
export const TRAFFIC_CLASSES: readonly TrafficClass[] = ['p2p', 'group', 'membership', 'system', 'other'];

/** How often the host sends a batch. */
export const TRAFFIC_BATCH_MS = 250;

/**
 * The tail's filter; '' matches anything. `subject` is a NATS pattern (`chat.p2p.*`, `system.>`),
 * `user` a user id (sender or recipient), `group` a group id, `node` the publishing node's id,
 * `text` a case-insensitive substring of the subject, the names and the content.
 */
export interface TrafficFilter {
  subject: string;
  user: string;
  group: string;
  node: string;
  text: string;
}

/** The tap's own state: which bus it listens to and its connection. */
export interface TrafficStatus {
  /** True while the tap is subscribed (someone watches, or a lab holds it). */
  tapping: boolean;
  source: 'memory' | 'nats' | 'none';
  /** The NATS server of the tap's own connection ('' for the in-process bus). */
  server: string;
  connection: 'connected' | 'reconnecting' | 'closed' | 'idle';
  /** Times the tap's connection came back since the tap started. */
  reconnects: number;
  /** Why the tap could not start, if it could not. */
  error: string | null;
  filter: TrafficFilter;
}

/** One message of the tail (a summary; the whole envelope comes from getTrafficMessage). */
export interface TrafficTailEntry {
  /** Sequence number in the tap (every message seen gets one). */
  id: number;
  at: number;
  subject: string;
  cls: TrafficClass;
  /** Envelope kind (p2p, group, membership) or 'raw' when the payload is not an envelope. */
  kind: string;
  /** The publishing node, from the envelope; null when the envelope does not name it. */
  node: string | null;
  bytes: number;
  fromUser: number | null;
  toUser: number | null;
  group: number | null;
  /** The first characters of the content (or of the payload). */
  preview: string;
}

/** Rates over one completed second. */
export interface TrafficRatePoint {
  at: number;
  msgs: number;
  bytes: number;
  byClass: Record<TrafficClass, number>;
  bytesByClass: Record<TrafficClass, number>;
  /** msgs/s per publishing node ('?' = not named by the envelope). */
  byNode: Record<string, number>;
}

export interface TrafficTopSubject {
  subject: string;
  cls: TrafficClass;
  /** Since the tap started. */
  msgs: number;
  bytes: number;
  /** Over the last few seconds. */
  msgsPerSec: number;
}

/** Exact counts since the tap started (matched and shown: since the filter was last set). */
export interface TrafficCounters {
  seen: number;
  seenBytes: number;
  /** Seen and matching the filter. */
  matched: number;
  /** Matched and sent to the tail. */
  shown: number;
  /** Payloads that are not a bus envelope. */
  undecodable: number;
}

export interface TrafficBatch {
  seq: number;
  at: number;
  status: TrafficStatus;
  counters: TrafficCounters;
  /** The tail keeps 1 in `sampleEvery` matching messages (1 = every one). */
  sampleEvery: number;
  /** Matched during this batch's interval, shown or not. */
  matchedInBatch: number;
  tail: TrafficTailEntry[];
  /** Seconds completed since the previous batch (usually zero or one). */
  rates: TrafficRatePoint[];
  /** Busiest subjects (refreshed about once a second; empty in the other batches). */
  top: TrafficTopSubject[];
}

/** The inspector: one recent message, its envelope decoded. */
export interface TrafficMessageDetail {
  entry: TrafficTailEntry;
  /** The decoded envelope (JSON), or null when the payload is not JSON. */
  envelope: unknown;
  /** The payload as text (at most 16 KiB). */
  text: string;
  truncated: boolean;
}

export interface TrafficMethods {
  getTrafficStatus: [null, TrafficStatus];
  /** Replaces the tail's filter (fields left out stay as they are); returns the filter in force. */
  setTrafficFilter: [Partial<TrafficFilter>, TrafficFilter];
  /** Keeps the tap running for the next TRAFFIC_LEASE_MS (the Traffic view renews it while shown). */
  watchTraffic: [null, TrafficStatus];
  /** A message shown in the tail recently (the last few hundred are kept). */
  getTrafficMessage: [{ id: number }, TrafficMessageDetail];
}

/** How long one watchTraffic keeps the tap running. */
export const TRAFFIC_LEASE_MS = 15_000;

export interface TrafficEvents {
  traffic: TrafficBatch;
}

export const TRAFFIC_METHODS = ['getTrafficStatus', 'setTrafficFilter', 'watchTraffic', 'getTrafficMessage'] as const satisfies readonly (keyof TrafficMethods)[];
export const TRAFFIC_EVENTS = ['traffic'] as const satisfies readonly (keyof TrafficEvents)[];
/** Methods that change something: refused in read-only mode (the filter only changes what is shown). */
export const TRAFFIC_MUTATING: readonly (keyof TrafficMethods)[] = [];

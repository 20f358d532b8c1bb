/** The Traffic slice's state and actions (its implementation is trafficSlice.ts). */
import type {
  SerializedAdminError,
  TrafficBatch,
  TrafficCounters,
  TrafficFilter,
  TrafficMessageDetail,
  TrafficRatePoint,
  TrafficStatus,
  TrafficTailEntry,
  TrafficTopSubject,
} from '../../../node-runtime/contract/index.js';

export interface TrafficSlice {
  trafficStatus: TrafficStatus | null;
  trafficCounters: TrafficCounters | null;
  /** The tail keeps 1 in this many matching messages (from the latest batch). */
  trafficSampleEvery: number;
  /** Newest first, at most TAIL_LIMIT. */
  trafficTail: TrafficTailEntry[];
  /** One point per second, oldest first, at most RATE_HISTORY_LIMIT. */
  trafficRates: TrafficRatePoint[];
  trafficTop: TrafficTopSubject[];
  /** While paused the tail stands still; rates, counters and the top table go on. */
  trafficPaused: boolean;
  /** Tail entries that arrived while paused (not added). */
  trafficMissed: number;
  trafficSelectedId: number | null;
  trafficDetail: TrafficMessageDetail | null;
  trafficDetailError: SerializedAdminError | null;
  /** The last refusal of watchTraffic or setTrafficFilter. */
  trafficError: SerializedAdminError | null;
  /** Applies one 'traffic' event from the host. */
  applyTraffic(batch: TrafficBatch): void;
  /** Keeps the host's tap running (the view calls it while shown). */
  watchTraffic(): Promise<void>;
  /** Sends the filter to the host; true when it was accepted. */
  setTrafficFilter(filter: TrafficFilter): Promise<boolean>;
  setTrafficPaused(paused: boolean): void;
  clearTrafficTail(): void;
  /** Loads one message for the inspector; null closes it. */
  inspectTraffic(id: number | null): Promise<void>;
}

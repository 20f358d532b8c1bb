/** The Traffic slice's state and actions (its implementation is trafficSlice.ts). */
import type { TrafficStatus } from '../../../node-runtime/contract/index.js';

export interface TrafficSlice {
  trafficStatus: TrafficStatus | null;
  /** Applies one 'traffic' event from the host. */
  applyTraffic(status: TrafficStatus): void;
}

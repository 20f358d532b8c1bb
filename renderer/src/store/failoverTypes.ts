/** The Failover slice's state and actions (its implementation is failoverSlice.ts). */
import type { FailoverStatus } from '../../../node-runtime/contract/index.js';

export interface FailoverSlice {
  failoverStatus: FailoverStatus | null;
  /** Applies one 'failover' event from the host. */
  applyFailover(status: FailoverStatus): void;
}

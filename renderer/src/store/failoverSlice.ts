import type { FailoverStatus } from '../../../node-runtime/contract/index.js';
import type { SliceDeps } from './sliceDeps.js';
import type { FailoverSlice } from './failoverTypes.js';

/** The Failover view's state, fed by the host's 'failover' events. */
export function createFailoverSlice({ set }: SliceDeps): FailoverSlice {
  return {
    failoverStatus: null,
    applyFailover(status: FailoverStatus) {
      set({ failoverStatus: status });
    },
  };
}

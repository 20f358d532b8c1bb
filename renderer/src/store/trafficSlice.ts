import type { TrafficStatus } from '../../../node-runtime/contract/index.js';
import type { SliceDeps } from './sliceDeps.js';
import type { TrafficSlice } from './trafficTypes.js';

/** The Traffic view's state, fed by the host's 'traffic' events. */
export function createTrafficSlice({ set }: SliceDeps): TrafficSlice {
  return {
    trafficStatus: null,
    applyTraffic(status: TrafficStatus) {
      set({ trafficStatus: status });
    },
  };
}

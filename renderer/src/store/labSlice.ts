import type { LabStatus } from '../../../node-runtime/contract/index.js';
import type { SliceDeps } from './sliceDeps.js';
import type { LabSlice } from './labTypes.js';

/** The Lab view's state, fed by the host's 'lab' events. */
export function createLabSlice({ set }: SliceDeps): LabSlice {
  return {
    labStatus: null,
    applyLab(status: LabStatus) {
      set({ labStatus: status });
    },
  };
}

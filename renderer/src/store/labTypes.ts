/** The Lab slice's state and actions (its implementation is labSlice.ts). */
import type { LabStatus } from '../../../node-runtime/contract/index.js';

export interface LabSlice {
  labStatus: LabStatus | null;
  /** Applies one 'lab' event from the host. */
  applyLab(status: LabStatus): void;
}

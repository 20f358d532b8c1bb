/** The Lab slice's state and actions (its implementation is labSlice.ts). */
import type { BlastSpec, CreateLabUsersRequest, LabState, LabUpdate, SendLabMessageRequest, SerializedAdminError } from '../../../node-runtime/contract/index.js';

export type LabAction = 'users' | 'send' | 'blast';
/** Same values as storeTypes' LoadState (not imported: storeTypes imports this file). */
export type LabLoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface LabSlice {
  /** Users, traced messages, the current blast and its ticks; null until loaded. */
  lab: LabState | null;
  labState: LabLoadState;
  labError: SerializedAdminError | null;
  /** The action waiting for the host (buttons are disabled meanwhile). */
  labBusy: LabAction | null;
  /** The last refusal of a lab action, shown next to its form. */
  labActionError: { action: LabAction; error: SerializedAdminError } | null;
  loadLab(): Promise<void>;
  createLabUsers(request: CreateLabUsersRequest): Promise<boolean>;
  closeLabUsers(): Promise<boolean>;
  sendLabMessage(request: SendLabMessageRequest): Promise<boolean>;
  startBlast(spec: BlastSpec): Promise<boolean>;
  stopBlast(): Promise<boolean>;
  /** Applies one 'lab' event from the host. */
  applyLab(update: LabUpdate): void;
}

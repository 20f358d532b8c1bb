/** The Failover slice's state and actions (its implementation is failoverSlice.ts). */
import type { FailoverStatus, NodeAction, ReportFile, ScenarioSpec, SerializedAdminError } from '../../../node-runtime/contract/index.js';

export type FailoverLoad = 'idle' | 'loading' | 'ready' | 'error';

export interface FailoverSlice {
  failoverStatus: FailoverStatus | null;
  failoverState: FailoverLoad;
  /** Why the status could not be loaded. */
  failoverError: SerializedAdminError | null;
  /** A call in flight (node action, save, run…): buttons are disabled meanwhile. */
  failoverBusy: boolean;
  /** The last refused action, shown next to the controls. */
  failoverActionError: SerializedAdminError | null;
  loadFailover(): Promise<void>;
  /** Applies one 'failover' event from the host. */
  applyFailover(status: FailoverStatus): void;
  controlNode(nodeId: string, action: NodeAction): Promise<boolean>;
  saveScenario(spec: ScenarioSpec): Promise<boolean>;
  deleteScenario(name: string): Promise<boolean>;
  runScenario(name: string): Promise<boolean>;
  stopScenario(): Promise<boolean>;
  /** Starts a chat node process joined to the console's cluster. */
  launchLocalNode(): Promise<boolean>;
  /** The report as a file to save (JSON or self-contained HTML); null when refused. */
  fetchReport(id: string, format: 'json' | 'html'): Promise<ReportFile | null>;
}

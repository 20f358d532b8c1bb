/**
 * The failover lab (the Failover view): drain, kill and restart nodes, the merged timeline,
 * scripted scenarios and their QA reports. Merged into AdminMethods by adminApi.ts.
 */

/** drain = graceful stop (deregister, close, clean presence); kill = crash (nothing cleaned); restart = start it again. */
export type NodeAction = 'drain' | 'kill' | 'restart';
export const NODE_ACTIONS = ['drain', 'kill', 'restart'] as const satisfies readonly NodeAction[];

/** How the console reaches a node: inside its own process, a process it launched, or a signed command on the bus. */
export type ControlRoute = 'in-process' | 'local-process' | 'remote';

/** A process the Failover lab controls that is not a chat node: the `--local-cluster` servers. */
export type ServerKind = 'nats' | 'redis';

export interface ControllableNode {
  id: string;
  /** Set for a NATS server or Redis the console started (`nats-1`, `redis-1`: kill and restart); absent for chat nodes. */
  kind?: ServerKind;
  route: ControlRoute;
  /** False once drained or killed by this console (in-process nodes); remote nodes: from the registry. */
  running: boolean;
  /** What can be done to it now; empty when nothing can (e.g. remote control without a secret). */
  actions: NodeAction[];
  /** Why some actions are missing, for the UI. */
  note: string | null;
}

export type ScenarioStep =
  | { at: number; action: 'blast-start'; ratePerSec: number; users: number }
  | { at: number; action: 'blast-stop' }
  | { at: number; action: NodeAction; nodeId: string };

/** A scripted scenario: steps at `at` seconds from its start; it ends after `durationSec`. */
export interface ScenarioSpec {
  name: string;
  description: string;
  durationSec: number;
  steps: ScenarioStep[];
}

export type TimelineKind = 'scenario' | 'control' | 'registry' | 'presence' | 'nats' | 'counters';

export interface TimelineEntry {
  /** ms since the run started. */
  t: number;
  kind: TimelineKind;
  nodeId: string | null;
  text: string;
}

export interface MessageCounts {
  sent: number;
  acknowledged: number;
  delivered: number;
  duplicated: number;
  lost: number;
}

export interface CounterSample extends MessageCounts {
  /** ms since the run started. */
  t: number;
  /** Users online per node at that moment. */
  presence: Record<string, number>;
}

/** One lab user's time offline, as its client saw it (connection dropped → logged in again). */
export interface UserReconnect {
  user: string;
  fromNode: string;
  toNode: string | null;
  /** null if it never came back. */
  ms: number | null;
}

export interface Convergence {
  nodeId: string;
  action: NodeAction;
  /** ms since the run started. */
  at: number;
  /** Until the registry showed the change (critical/absent after a failure, passing after a restart). */
  registryMs: number | null;
  /** Until presence held no user on a failed node and its users were online elsewhere. */
  presenceMs: number | null;
  /** Users that were on the node when it failed. */
  usersOnNode: number;
  reconnects: UserReconnect[];
}

export type RunState = 'running' | 'finished' | 'failed' | 'stopped';

export interface FailoverRunView {
  id: string;
  scenario: ScenarioSpec;
  state: RunState;
  startedAt: number;
  elapsedMs: number;
  counts: MessageCounts;
  samples: CounterSample[];
  timeline: TimelineEntry[];
  error: string | null;
  /** Set when the report is ready. */
  reportId: string | null;
}

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface QaReport {
  id: string;
  scenario: ScenarioSpec;
  mode: 'embedded' | 'cluster';
  startedAt: number;
  finishedAt: number;
  state: RunState;
  counts: MessageCounts;
  latencyMs: LatencySummary | null;
  convergence: Convergence[];
  samples: CounterSample[];
  timeline: TimelineEntry[];
  /** pass = nothing acknowledged was lost or duplicated and every step ran. */
  verdict: 'pass' | 'fail';
  problems: string[];
}

export interface ReportSummary {
  id: string;
  scenario: string;
  finishedAt: number;
  verdict: 'pass' | 'fail';
  counts: MessageCounts;
}

export interface FailoverStatus {
  nodes: ControllableNode[];
  scenarios: ScenarioSpec[];
  run: FailoverRunView | null;
  reports: ReportSummary[];
  /** Whether signed commands can reach remote nodes (the console has an admin secret). */
  remoteControl: boolean;
  /** Where scenarios and reports are saved, or null when kept in memory only. */
  folder: string | null;
  /** Whether launchLocalNode works here (cluster mode: the process joins the console's cluster). */
  canLaunch: boolean;
}

export interface ReportFile {
  fileName: string;
  mimeType: string;
  content: string;
}

export interface FailoverMethods {
  getFailoverStatus: [null, FailoverStatus];
  /** Drain, kill or restart one node (refused in read-only mode). */
  controlNode: [{ nodeId: string; action: NodeAction }, FailoverStatus];
  saveScenario: [ScenarioSpec, FailoverStatus];
  deleteScenario: [{ name: string }, FailoverStatus];
  runScenario: [{ name: string }, FailoverStatus];
  stopScenario: [null, FailoverStatus];
  getReport: [{ id: string; format: 'json' | 'html' }, ReportFile];
  /** Starts a chat node process joined to the console's cluster (`local-N`); cluster mode only. */
  launchLocalNode: [null, FailoverStatus];
}

export interface FailoverEvents {
  failover: FailoverStatus;
}

export const FAILOVER_METHODS = [
  'getFailoverStatus',
  'controlNode',
  'saveScenario',
  'deleteScenario',
  'runScenario',
  'stopScenario',
  'getReport',
  'launchLocalNode',
] as const satisfies readonly (keyof FailoverMethods)[];
export const FAILOVER_EVENTS = ['failover'] as const satisfies readonly (keyof FailoverEvents)[];
/** Methods that change something: refused in read-only mode. */
export const FAILOVER_MUTATING: readonly (keyof FailoverMethods)[] = ['controlNode', 'saveScenario', 'deleteScenario', 'runScenario', 'stopScenario', 'launchLocalNode'];

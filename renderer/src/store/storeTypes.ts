/**
 * The shape of the one console store: eight slices, each with its state and the actions that call
 * the admin client. Slice implementations live in their own files; this file only names them.
 */
import type {
  ClusterOverview,
  ConsoleInfo,
  ConsoleSettingsInput,
  ConsoleSettingsView,
  NodeView,
  PresenceChangeView,
  PresenceRow,
  SerializedAdminError,
} from '../../../node-runtime/contract/index.js';
import type { EventsStatus } from '../transport/index.js';
import type { FailoverSlice } from './failoverTypes.js';
import type { LabSlice } from './labTypes.js';
import type { TrafficSlice } from './trafficTypes.js';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export interface ConnectionSlice {
  transport: 'ipc' | 'http';
  info: ConsoleInfo | null;
  infoState: LoadState;
  infoError: SerializedAdminError | null;
  events: EventsStatus;
  loadInfo(): Promise<void>;
  /** Loads info, overview and presence and follows the event feeds; returns the stop function. */
  start(): () => void;
}

/** One msgs/s sample of a node, taken from an overview. */
export interface RateSample {
  at: number;
  msgsIn: number;
  msgsOut: number;
}

export interface OverviewSlice {
  overview: ClusterOverview | null;
  overviewState: LoadState;
  overviewError: SerializedAdminError | null;
  /** node id → the last HISTORY_LIMIT samples, oldest first. */
  rateHistory: Record<string, RateSample[]>;
  sandboxBusy: boolean;
  sandboxError: SerializedAdminError | null;
  refreshOverview(): Promise<void>;
  applyOverview(overview: ClusterOverview): void;
  addNode(): Promise<NodeView | null>;
  removeNode(nodeId: string): Promise<boolean>;
}

export interface PresenceHighlight {
  kind: 'online' | 'offline';
  /** When the highlight ends (ms since the epoch); an `offline` row leaves the table then. */
  until: number;
}

export interface PresenceSlice {
  presenceRows: PresenceRow[];
  presenceCounts: Record<string, number>;
  /** Cursor of the page shown (null = first page). */
  presenceCursor: string | null;
  /** Cursors of the pages before this one, for "previous". */
  presencePrevCursors: (string | null)[];
  presenceNextCursor: string | null;
  presencePageSize: number;
  presenceSearch: string;
  presenceState: LoadState;
  presenceError: SerializedAdminError | null;
  /** `${userId}:${nodeId}` → highlight of a row that changed lately. */
  presenceHighlights: Record<string, PresenceHighlight>;
  loadPresence(): Promise<void>;
  nextPresencePage(): Promise<void>;
  prevPresencePage(): Promise<void>;
  setPresencePageSize(size: number): Promise<void>;
  setPresenceSearch(search: string): Promise<void>;
  applyPresenceChanges(changes: PresenceChangeView[]): void;
  expirePresenceHighlights(): void;
}

export interface SettingsSlice {
  /** The saved cluster settings and where the running ones came from; null until loaded. */
  settings: ConsoleSettingsView | null;
  settingsState: LoadState;
  settingsError: SerializedAdminError | null;
  settingsSaving: boolean;
  /** The last save's refusal (e.g. BAD_ARGUMENT naming the field), shown next to the form. */
  settingsSaveError: SerializedAdminError | null;
  /** When the last save succeeded (ms since the epoch). */
  settingsSavedAt: number | null;
  loadSettings(): Promise<void>;
  /** Resolves true when saved. */
  saveSettings(input: ConsoleSettingsInput): Promise<boolean>;
}

export type Theme = 'light' | 'dark';
export type ViewId = 'topology' | 'presence' | 'traffic' | 'testLab' | 'failover' | 'settings';

export interface UiSlice {
  theme: Theme;
  view: ViewId;
  selectedNodeId: string | null;
  toggleTheme(): void;
  setView(view: ViewId): void;
  selectNode(nodeId: string | null): void;
}

export type { FailoverSlice, LabSlice, TrafficSlice };

export type ConsoleState = ConnectionSlice & OverviewSlice & PresenceSlice & SettingsSlice & UiSlice & TrafficSlice & LabSlice & FailoverSlice;

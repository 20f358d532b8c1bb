/**
 * The console's one API, declared once. The Electron preload, the HTTP transport and the
 * dispatcher are all derived from these two maps; nothing outside them can be called.
 */
import { FAILOVER_EVENTS, FAILOVER_METHODS, FAILOVER_MUTATING, type FailoverEvents, type FailoverMethods } from './failoverApi.js';
import { LAB_EVENTS, LAB_METHODS, LAB_MUTATING, type LabEvents, type LabMethods } from './labApi.js';
import { TRAFFIC_EVENTS, TRAFFIC_METHODS, TRAFFIC_MUTATING, type TrafficEvents, type TrafficMethods } from './trafficApi.js';
import type { ClusterOverview, ConsoleInfo, ConsoleSettingsInput, ConsoleSettingsView, KvEntryView, NodeView, PresenceChangeView, PresencePage, PresencePageRequest } from './dto.js';

/** method → [argument, result]. Every method takes one JSON argument (or null) and returns JSON. */
export interface AdminMethods extends CoreMethods, TrafficMethods, LabMethods, FailoverMethods {}

/** The console's own methods (cluster view, presence, sandbox, settings); each lab declares its own file. */
export interface CoreMethods {
  getInfo: [null, ConsoleInfo];
  getOverview: [null, ClusterOverview];
  listPresence: [PresencePageRequest, PresencePage];
  browseKv: [{ prefix: string }, KvEntryView[]];
  /** Embedded sandbox only; refused in read-only mode. */
  addSandboxNode: [null, NodeView];
  removeSandboxNode: [{ nodeId: string }, null];
  /** The cluster settings saved in the user's config folder, and where the running ones came from. */
  getSettings: [null, ConsoleSettingsView];
  /** Saves cluster settings for the next start (validated like the flags); refused in read-only mode. */
  saveSettings: [ConsoleSettingsInput, ConsoleSettingsView];
}

/** event → payload, pushed by the host (a few times per second at most). */
export interface AdminEvents extends CoreEvents, TrafficEvents, LabEvents, FailoverEvents {}

export interface CoreEvents {
  overview: ClusterOverview;
  presence: PresenceChangeView[];
}

export type AdminMethodName = keyof AdminMethods;
export type AdminEventName = keyof AdminEvents;

export const CORE_METHODS = ['getInfo', 'getOverview', 'listPresence', 'browseKv', 'addSandboxNode', 'removeSandboxNode', 'getSettings', 'saveSettings'] as const satisfies readonly (keyof CoreMethods)[];
export const CORE_EVENTS = ['overview', 'presence'] as const satisfies readonly (keyof CoreEvents)[];

export const ADMIN_METHODS = [...CORE_METHODS, ...TRAFFIC_METHODS, ...LAB_METHODS, ...FAILOVER_METHODS] as const satisfies readonly AdminMethodName[];
export const ADMIN_EVENTS = [...CORE_EVENTS, ...TRAFFIC_EVENTS, ...LAB_EVENTS, ...FAILOVER_EVENTS] as const satisfies readonly AdminEventName[];
/** Methods that change something: hidden and refused in read-only mode. */
export const MUTATING_METHODS: readonly AdminMethodName[] = ['addSandboxNode', 'removeSandboxNode', 'saveSettings', ...TRAFFIC_MUTATING, ...LAB_MUTATING, ...FAILOVER_MUTATING];

export function isAdminMethod(name: unknown): name is AdminMethodName {
  return typeof name === 'string' && (ADMIN_METHODS as readonly string[]).includes(name);
}

export function isAdminEvent(name: unknown): name is AdminEventName {
  return typeof name === 'string' && (ADMIN_EVENTS as readonly string[]).includes(name);
}

/** The typed client both transports implement. */
export interface AdminClient {
  call<M extends AdminMethodName>(method: M, arg: AdminMethods[M][0]): Promise<AdminMethods[M][1]>;
  on<E extends AdminEventName>(event: E, listener: (payload: AdminEvents[E]) => void): () => void;
}

/**
 * The admin API (contract/adminApi.ts) over a ConsoleHost: what the Electron main process and the
 * web console call through the shared dispatcher, and the two events they forward. Reads go to the
 * backends of the console's own node(s) and, for live stats, to every node over the bus.
 */
import type {
  CoreEvents,
  AdminEvents,
  ClusterOverview,
  ConsoleInfo,
  ConsoleSettingsInput,
  ConsoleSettingsView,
  KvEntryView,
  NodeView,
  PresencePage,
  PresencePageRequest,
} from '../../contract/index.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { EMPTY_CONSOLE_SETTINGS, readConsoleSettings, sameConsoleSettings, writeConsoleSettings } from '../config/consoleSettingsFile.js';
import { VERSION } from '../version.js';
import { AdminError } from './adminErrors.js';
import { gatherOverview, requestNodeStats, toNodeView } from './clusterOverview.js';
import type { ConsoleHost } from './consoleHost.js';
import { browseRegistryKv } from './kvBrowser.js';
import { OverviewFeed } from './overviewFeed.js';
import { PresenceFeed, type PresenceFeedStats } from './presenceFeed.js';
import { queryPresence, usernames } from './presenceQuery.js';

type CoreEventName = keyof CoreEvents;

export interface AdminServiceOptions {
  /** Refuses addSandboxNode/removeSandboxNode with READ_ONLY. */
  readOnly?: boolean;
  logger?: Logger;
  /** How long getOverview waits for each node's stats. Default 750 ms. */
  statsTimeoutMs?: number;
  /** Overview re-check while someone listens. Default 1000 ms. */
  overviewEveryMs?: number;
  /** Presence batches. Default 250 ms. */
  presenceFlushMs?: number;
  /** Presence changes buffered between flushes. Default 1000. */
  presenceBuffer?: number;
  now?: () => number;
  /** The saved cluster settings (getSettings/saveSettings); without it both answer NOT_AVAILABLE. */
  settings?: AdminSettingsOptions;
}

export interface AdminSettingsOptions {
  /** The settings file (consoleSettingsFile.ts). */
  file: string;
  /** Where the running console's cluster settings came from. */
  source: ConsoleSettingsView['activeSource'];
  /** The saved settings read at start (in use when `source` is `settings`). */
  startedWith: ConsoleSettingsInput;
}

/** The core methods of the admin API (consoleAdmin.ts adds the features' ones). */
export class AdminService {
  readonly readOnly: boolean;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly statsTimeoutMs: number;
  private readonly overviewFeed: OverviewFeed;
  private readonly presenceFeed: PresenceFeed;
  private readonly settings: AdminSettingsOptions | undefined;

  constructor(
    private readonly host: ConsoleHost,
    options: AdminServiceOptions = {},
  ) {
    this.readOnly = options.readOnly ?? false;
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.statsTimeoutMs = options.statsTimeoutMs ?? 750;
    this.settings = options.settings;
    this.overviewFeed = new OverviewFeed({
      gather: () => this.getOverview(),
      watchRegistry: (onChange) => this.host.backends.registry.watch(onChange),
      logger: this.logger,
      ...(options.overviewEveryMs !== undefined ? { intervalMs: options.overviewEveryMs } : {}),
    });
    this.presenceFeed = new PresenceFeed({
      presence: () => this.host.backends.presence,
      names: (ids) => usernames(this.host.backends.store, ids),
      logger: this.logger,
      now: this.now,
      ...(options.presenceFlushMs !== undefined ? { flushEveryMs: options.presenceFlushMs } : {}),
      ...(options.presenceBuffer !== undefined ? { maxBuffered: options.presenceBuffer } : {}),
    });
  }

  async getInfo(): Promise<ConsoleInfo> {
    return { version: VERSION, mode: this.host.mode, readOnly: this.readOnly, sandbox: this.host.mode === 'embedded' };
  }

  async getOverview(): Promise<ClusterOverview> {
    this.assertRunning();
    return gatherOverview({
      mode: this.host.mode,
      readOnly: this.readOnly,
      consoleNodeId: this.host.consoleNodeId,
      backends: this.host.backends,
      isInProcess: (nodeId) => this.host.isInProcess(nodeId),
      statsTimeoutMs: this.statsTimeoutMs,
      logger: this.logger,
      now: this.now,
    });
  }

  async listPresence(request: PresencePageRequest): Promise<PresencePage> {
    this.assertRunning();
    return queryPresence(this.host.backends.presence, this.host.backends.store, request);
  }

  async browseKv(arg: { prefix: string }): Promise<KvEntryView[]> {
    this.assertRunning();
    return browseRegistryKv(this.host.backends.registry, this.host.mode, arg.prefix);
  }

  async addSandboxNode(): Promise<NodeView> {
    this.assertMayChange('addSandboxNode');
    const hosted = await this.host.addSandboxNode();
    const { registry, bus } = this.host.backends;
    const [status, stats] = await Promise.all([
      registry.list().then((nodes) => nodes.find((node) => node.id === hosted.id)),
      requestNodeStats(bus, hosted.id, this.statsTimeoutMs),
    ]);
    const registered = status ?? { id: hosted.id, address: hosted.host, port: hosted.port, tags: [], meta: {}, health: 'critical' as const, output: 'not in the registry yet', changedAt: this.now() };
    return toNodeView(registered, stats, true);
  }

  async removeSandboxNode(arg: { nodeId: string }): Promise<null> {
    this.assertMayChange('removeSandboxNode');
    await this.host.removeSandboxNode(arg.nodeId);
    return null;
  }

  async getSettings(): Promise<ConsoleSettingsView> {
    const settings = this.settingsOptions();
    return this.settingsView(settings, readConsoleSettings(settings.file, (warning) => this.logger.warn('console_settings_ignored', { detail: warning })));
  }

  /** Saves settings already checked by adminArguments.ts (the node's parsers and validateClusterSettings). */
  async saveSettings(input: ConsoleSettingsInput): Promise<ConsoleSettingsView> {
    if (this.readOnly) throw new AdminError('READ_ONLY', 'saveSettings changes the console settings and this console runs with --read-only');
    const settings = this.settingsOptions();
    const saved: ConsoleSettingsInput = { nats: input.nats, redis: input.redis, consul: input.consul, registry: input.registry };
    try {
      writeConsoleSettings(settings.file, saved);
    } catch (error) {
      throw new AdminError('NOT_AVAILABLE', `cannot write ${settings.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.logger.info('console_settings_saved', { file: settings.file });
    return this.settingsView(settings, saved);
  }

  /** Listens to an event; the overview feed starts with a fresh overview. Returns the unsubscribe function. */
  on<E extends CoreEventName>(event: E, listener: (payload: AdminEvents[E]) => void): () => void {
    if (event === 'overview') return this.overviewFeed.subscribe(listener as (payload: AdminEvents['overview']) => void);
    if (event === 'presence') return this.presenceFeed.subscribe(listener as (payload: AdminEvents['presence']) => void);
    throw new AdminError('UNKNOWN_METHOD', `unknown admin event "${String(event)}"`);
  }

  /** Counters of the event feeds (how many presence changes were dropped, overview pushes…). */
  eventStats(): { presence: PresenceFeedStats; overview: OverviewFeed['stats'] } {
    return { presence: { ...this.presenceFeed.stats }, overview: { ...this.overviewFeed.stats } };
  }

  /** Stops the event feeds (the host is stopped by its owner). */
  close(): void {
    this.overviewFeed.close();
    this.presenceFeed.close();
  }

  private settingsOptions(): AdminSettingsOptions {
    if (!this.settings) throw new AdminError('NOT_AVAILABLE', 'this console has no settings file');
    return this.settings;
  }

  private settingsView(settings: AdminSettingsOptions, saved: ConsoleSettingsInput): ConsoleSettingsView {
    const inUse = settings.source === 'settings' ? settings.startedWith : EMPTY_CONSOLE_SETTINGS;
    return { saved, file: settings.file, activeSource: settings.source, appliesAfterRestart: !sameConsoleSettings(saved, inUse) };
  }

  private assertRunning(): void {
    if (!this.host.running) throw new AdminError('NOT_AVAILABLE', 'the console is not running (starting or stopping)');
  }

  private assertMayChange(method: string): void {
    if (this.readOnly) throw new AdminError('READ_ONLY', `${method} changes the cluster and this console runs with --read-only`);
    if (this.host.mode !== 'embedded') {
      throw new AdminError('NOT_AVAILABLE', `${method} works in the embedded sandbox only; this console joined a real cluster (restart it without cluster flags for a sandbox)`);
    }
  }
}

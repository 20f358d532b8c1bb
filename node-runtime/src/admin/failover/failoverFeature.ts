/**
 * The Failover lab's back end: node control (drain / kill / restart, in-process or by signed
 * command), scenarios (validated, saved in the config folder, re-runnable), one run at a time with
 * its merged timeline, and QA reports (JSON + self-contained HTML) kept in memory and on disk.
 * The `failover` event carries the whole (bounded) status, at most ~3 times a second.
 */
import { join } from 'node:path';
import type { FailoverEvents, FailoverMethods, FailoverStatus, QaReport, ReportFile, ReportSummary, ScenarioSpec } from '../../../contract/index.js';
import { AdminError } from '../adminErrors.js';
import { FeatureEvents, type AdminFeature, type FeatureContext, type FeatureHandlers } from '../adminFeature.js';
import type { LabFeature } from '../lab/labFeature.js';
import type { TrafficFeature } from '../traffic/trafficFeature.js';
import { FailoverFolder } from './failoverFolder.js';
import { LocalNodes } from './localNodes.js';
import { LocalServers } from './localServers.js';
import type { LocalServerProcess } from '../../launch/localServerProcess.js';
import { NodeControl } from './nodeControl.js';
import { renderReportHtml } from './reportHtml.js';
import { ScenarioRun } from './scenarioRun.js';
import { DEFAULT_SCENARIO } from './scenarioSpec.js';

export interface FailoverDependencies {
  lab: LabFeature;
  traffic: TrafficFeature;
  /** The console's config folder (scenarios and reports go to its `failover/`); null = memory only. */
  configDir?: string | null;
}

const MAX_REPORTS_IN_MEMORY = 20;
const PUSH_EVERY_MS = 300;
const NODES_EVERY_MS = 2000;

export class FailoverFeature implements AdminFeature<FailoverMethods, FailoverEvents> {
  private readonly events = new FeatureEvents<FailoverEvents>();
  private readonly control: NodeControl;
  private readonly local: LocalNodes;
  private readonly servers = new LocalServers();
  private readonly folder: FailoverFolder;
  private scenarios: ScenarioSpec[];
  private run: ScenarioRun | null = null;
  private readonly reports = new Map<string, QaReport>();
  private summaries: Map<string, ReportSummary> | null = null;
  private pushTimer: NodeJS.Timeout | undefined;
  private nodesTimer: NodeJS.Timeout | undefined;
  private closed = false;

  readonly handlers: FeatureHandlers<FailoverMethods> = {
    getFailoverStatus: () => this.status(),
    controlNode: async ({ nodeId, action }) => {
      await this.control.control(nodeId, action);
      this.context.logger.warn('failover_node_action', { node: nodeId, action });
      this.changed();
      return this.status();
    },
    saveScenario: async (spec) => {
      this.scenarios = [...this.scenarios.filter((scenario) => scenario.name !== spec.name), spec].sort((a, b) => a.name.localeCompare(b.name));
      this.saveScenarios();
      this.changed();
      return this.status();
    },
    deleteScenario: async ({ name }) => {
      if (!this.scenarios.some((scenario) => scenario.name === name)) throw new AdminError('NOT_FOUND', `no scenario "${name}"`);
      this.scenarios = this.scenarios.filter((scenario) => scenario.name !== name);
      this.saveScenarios();
      this.changed();
      return this.status();
    },
    runScenario: async ({ name }) => {
      if (this.run?.state === 'running') throw new AdminError('NOT_AVAILABLE', `scenario "${this.run.scenario.name}" is running: stop it or wait for its report`);
      const scenario = this.scenarios.find((candidate) => candidate.name === name);
      if (!scenario) throw new AdminError('NOT_FOUND', `no scenario "${name}" (saved: ${this.scenarios.map((candidate) => candidate.name).join(', ') || 'none'})`);
      if (!this.context.host.running) throw new AdminError('NOT_AVAILABLE', 'the console host is not running');
      const run = new ScenarioRun(scenario, { ...this.dependencies, host: this.context.host, control: this.control, logger: this.context.logger, now: this.context.now, changed: () => this.changed() });
      this.run = run;
      void run.run().then((report) => this.keepReport(report));
      this.changed();
      return this.status();
    },
    stopScenario: async () => {
      this.run?.stop();
      this.changed();
      return this.status();
    },
    getReport: async ({ id, format }) => this.reportFile(id, format),
    launchLocalNode: async () => {
      await this.launchNode();
      return this.status();
    },
  };

  constructor(
    readonly context: FeatureContext,
    readonly dependencies: FailoverDependencies,
  ) {
    this.folder = new FailoverFolder(dependencies.configDir ?? null);
    this.local = new LocalNodes(context.host, ...(this.folder.folder ? [join(this.folder.folder, 'logs')] : []));
    this.control = new NodeControl(context.host, context.now, this.local, this.servers);
    const saved = this.folder.readScenarios((warning) => context.logger.warn('failover_scenarios_ignored', { detail: warning }));
    this.scenarios = saved.some((scenario) => scenario.name === DEFAULT_SCENARIO.name) ? saved : [DEFAULT_SCENARIO, ...saved];
  }

  on<K extends keyof FailoverEvents>(event: K, listener: (payload: FailoverEvents[K]) => void): () => void {
    const off = this.events.on(event, listener);
    // While someone watches, node health changes reach the view even when no run is going.
    if (!this.nodesTimer && !this.closed) {
      this.nodesTimer = setInterval(() => {
        if (this.events.count('failover') === 0) return;
        this.changed();
      }, NODES_EVERY_MS);
      this.nodesTimer.unref();
    }
    return off;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.nodesTimer);
    clearTimeout(this.pushTimer);
    this.run?.stop();
    await this.local.closeAll();
  }

  /** `--local-cluster`: its NATS server and Redis become controllable (kill, restart). */
  adoptServers(servers: readonly LocalServerProcess[]): void {
    this.servers.adopt(servers);
    this.changed();
  }

  /** Launches one chat node process (launchLocalNode; `--local-cluster` at start, whatever read-only says). */
  async launchNode(): Promise<string> {
    const id = await this.local.launch();
    this.context.logger.info('failover_node_launched', { node: id });
    this.changed();
    return id;
  }

  /** The run in progress (tests wait for its report). */
  get currentRun(): ScenarioRun | null {
    return this.run;
  }

  async status(): Promise<FailoverStatus> {
    const reports = [...this.savedSummaries().values()].sort((a, b) => b.id.localeCompare(a.id)).slice(0, MAX_REPORTS_IN_MEMORY);
    return {
      nodes: this.context.host.running ? await this.control.list() : [],
      scenarios: this.scenarios,
      run: this.run?.view() ?? null,
      reports,
      remoteControl: this.control.remoteControl,
      folder: this.folder.folder,
      canLaunch: this.local.canLaunch,
    };
  }

  /** Summaries of the reports on disk, read once (status is pushed every 2 s), then kept up to date. */
  private savedSummaries(): Map<string, ReportSummary> {
    if (this.summaries) return this.summaries;
    this.summaries = new Map();
    for (const id of this.folder.listReports().slice(0, MAX_REPORTS_IN_MEMORY)) {
      const report = this.folder.readReport(id);
      if (report) this.summaries.set(id, summaryOf(report));
    }
    return this.summaries;
  }

  private changed(): void {
    if (this.pushTimer || this.closed || this.events.count('failover') === 0) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      this.status()
        .then((status) => this.events.emit('failover', status))
        .catch((error: unknown) => this.context.logger.warn('failover_status_failed', { error: error instanceof Error ? error.message : String(error) }));
    }, PUSH_EVERY_MS);
    this.pushTimer.unref();
  }

  private keepReport(report: QaReport): void {
    this.reports.set(report.id, report);
    this.savedSummaries().set(report.id, summaryOf(report));
    for (const id of [...this.reports.keys()].slice(0, Math.max(0, this.reports.size - MAX_REPORTS_IN_MEMORY))) {
      this.reports.delete(id);
      // Without a folder a report dropped from memory is gone: so is its line.
      if (this.folder.folder === null) this.summaries?.delete(id);
    }
    try {
      this.folder.writeReport(report, renderReportHtml(report));
    } catch (error) {
      this.context.logger.warn('failover_report_not_saved', { error: error instanceof Error ? error.message : String(error) });
    }
    this.context.logger.info('failover_report', { id: report.id, scenario: report.scenario.name, verdict: report.verdict, ...report.counts });
    this.changed();
  }

  private reportFile(id: string, format: 'json' | 'html'): ReportFile {
    const report = this.reports.get(id) ?? this.folder.readReport(id);
    if (!report) throw new AdminError('NOT_FOUND', `no report "${id}"`);
    const base = `failover-${report.scenario.name.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${id}`;
    if (format === 'json') return { fileName: `${base}.json`, mimeType: 'application/json', content: JSON.stringify(report, null, 2) };
    return { fileName: `${base}.html`, mimeType: 'text/html', content: renderReportHtml(report) };
  }

  private saveScenarios(): void {
    try {
      this.folder.writeScenarios(this.scenarios);
    } catch (error) {
      throw new AdminError('INTERNAL', `could not save the scenarios in ${this.folder.folder}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function summaryOf(report: QaReport): ReportSummary {
  return { id: report.id, scenario: report.scenario.name, finishedAt: report.finishedAt, verdict: report.verdict, counts: report.counts };
}

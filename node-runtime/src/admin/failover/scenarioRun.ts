/**
 * One run of a scenario: lab users are prepared before the clock starts, then each step fires at
 * its second (blast, drain/kill/restart), failed steps are recorded and the run goes on. When the
 * scenario's time is over the run waits for convergence (at most 20 s) and for the blast's final
 * counts (at most 30 s), then builds the report. stop() ends it early, with a report all the same.
 */
import { randomUUID } from 'node:crypto';
import type { FailoverRunView, QaReport, RunState, ScenarioSpec, ScenarioStep } from '../../../contract/index.js';
import type { Logger } from '../../common/logger.js';
import type { ConsoleHost } from '../consoleHost.js';
import type { LabFeature } from '../lab/labFeature.js';
import type { TrafficFeature } from '../traffic/trafficFeature.js';
import { LabBlast } from './labBlast.js';
import type { NodeControl } from './nodeControl.js';
import { buildReport } from './qaReport.js';
import { RunRecorder, ZERO_COUNTS } from './runRecorder.js';

export interface ScenarioRunDeps {
  host: ConsoleHost;
  control: NodeControl;
  lab: LabFeature;
  traffic: TrafficFeature;
  logger: Logger;
  now: () => number;
  /** Called when something shown changed (a step ran, a sample was taken). */
  changed: () => void;
  convergeTimeoutMs?: number;
  blastEndTimeoutMs?: number;
}

const SAMPLES_SHOWN = 120;
const TIMELINE_SHOWN = 200;

export class ScenarioRun {
  readonly id = randomUUID().slice(0, 8);
  private stateValue: RunState = 'running';
  private errorText: string | null = null;
  private recorder: RunRecorder | null = null;
  private blast: LabBlast | null = null;
  private startedAt: number;
  private stopping = false;
  private wake: (() => void) | null = null;
  private readonly problems: string[] = [];
  private readonly nodeOfServer = new Map<string, string>();
  private reportValue: QaReport | null = null;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    readonly scenario: ScenarioSpec,
    private readonly deps: ScenarioRunDeps,
  ) {
    this.startedAt = deps.now();
  }

  get state(): RunState {
    return this.stateValue;
  }

  get report(): QaReport | null {
    return this.reportValue;
  }

  /** Runs to the end and resolves with the report (never rejects: a failure is in the report). */
  async run(): Promise<QaReport> {
    const { deps } = this;
    try {
      const blastStep = this.scenario.steps.find((step) => step.action === 'blast-start');
      if (blastStep) {
        this.blast = new LabBlast(deps.lab);
        await this.blast.prepare(blastStep.users);
      }
      await this.mapServers();
      this.recorder = new RunRecorder({
        host: deps.host,
        now: deps.now,
        counts: () => this.blast?.counts() ?? { ...ZERO_COUNTS },
        trafficStatus: () => deps.traffic.handlers.getTrafficStatus(null),
      });
      this.startedAt = deps.now();
      await this.recorder.start();
      this.recorder.note('scenario', null, `scenario "${this.scenario.name}" started (${this.scenario.durationSec} s)`);
      this.ticker = setInterval(() => deps.changed(), 1000);
      for (const step of this.scenario.steps) {
        await this.sleepUntil(step.at * 1000);
        if (this.stopping) break;
        await this.runStep(step);
        deps.changed();
      }
      await this.sleepUntil(this.scenario.durationSec * 1000);
      await this.wrapUp();
    } catch (error) {
      this.stateValue = 'failed';
      this.errorText = error instanceof Error ? error.message : String(error);
      this.recorder?.note('scenario', null, `run failed: ${this.errorText}`);
      this.problems.push(`run failed: ${this.errorText}`);
      await this.blast?.stop().catch(() => undefined);
      deps.logger.warn('failover_run_failed', { scenario: this.scenario.name, error: this.errorText });
    } finally {
      clearInterval(this.ticker);
      this.recorder?.stop();
      await this.blast?.close();
    }
    this.reportValue = this.buildReport();
    deps.changed();
    return this.reportValue;
  }

  /** Ends the run early: no further step, the blast stops and settles, the report is still built. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.recorder?.note('scenario', null, 'stopped by the operator');
    this.wake?.();
  }

  view(): FailoverRunView {
    const recorder = this.recorder;
    return {
      id: this.id,
      scenario: this.scenario,
      state: this.stateValue,
      startedAt: this.startedAt,
      elapsedMs: recorder ? recorder.elapsedMs : 0,
      counts: this.blast?.counts() ?? { ...ZERO_COUNTS },
      samples: (recorder?.samples ?? []).slice(-SAMPLES_SHOWN),
      timeline: (recorder?.timeline ?? []).slice(-TIMELINE_SHOWN),
      error: this.errorText,
      reportId: this.reportValue?.id ?? null,
    };
  }

  private async runStep(step: ScenarioStep): Promise<void> {
    const recorder = this.recorder as RunRecorder;
    if (step.action === 'blast-start') {
      const stop = this.scenario.steps.find((other) => other.action === 'blast-stop' && other.at >= step.at);
      const seconds = Math.max(1, (stop?.at ?? this.scenario.durationSec) - step.at);
      await this.blast?.start(step.ratePerSec, seconds * 1000);
      recorder.note('scenario', null, `blast: ${step.ratePerSec} msg/s for ${seconds} s between ${step.users} lab users`);
      return;
    }
    if (step.action === 'blast-stop') {
      recorder.note('scenario', null, 'blast: sending ends; in-flight messages settle');
      return;
    }
    const at = recorder.elapsedMs;
    recorder.note('control', step.nodeId, `${step.action} ${step.nodeId}`);
    try {
      await this.deps.control.control(step.nodeId, step.action);
      // A NATS server or Redis is not in the registry nor in presence: nothing to converge on there.
      if (this.deps.control.isServer(step.nodeId)) recorder.note('control', step.nodeId, `${step.action} ${step.nodeId} done`);
      else await recorder.actionDone(step.nodeId, step.action, at);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      recorder.note('control', step.nodeId, `${step.action} ${step.nodeId} failed: ${message}`);
      this.problems.push(`step at ${step.at} s (${step.action} ${step.nodeId}) failed: ${message}`);
    }
  }

  private async wrapUp(): Promise<void> {
    const recorder = this.recorder as RunRecorder;
    if (this.stopping) {
      await this.blast?.stop();
      this.stateValue = 'stopped';
    }
    recorder.note('scenario', null, 'scenario time over: waiting for convergence and the final counts');
    const deadline = this.deps.now() + (this.deps.convergeTimeoutMs ?? 20_000);
    while (recorder.converging && this.deps.now() < deadline) await delay(250);
    const final = await this.blast?.ended(this.deps.blastEndTimeoutMs ?? 30_000);
    if (this.blast && final?.endedAt === null) this.problems.push('the blast had not settled its counts in time');
    await this.mapServers();
    if (this.stateValue === 'running') this.stateValue = 'finished';
    const counts = this.blast?.counts() ?? ZERO_COUNTS;
    recorder.note('counters', null, `final: sent ${counts.sent}, acknowledged ${counts.acknowledged}, delivered ${counts.delivered}, duplicated ${counts.duplicated}, lost ${counts.lost}`);
  }

  private buildReport(): QaReport {
    const recorder = this.recorder;
    return buildReport({
      scenario: this.scenario,
      mode: this.deps.host.mode,
      startedAt: this.startedAt,
      finishedAt: this.deps.now(),
      state: this.stateValue,
      counts: this.blast?.counts() ?? { ...ZERO_COUNTS },
      blast: this.blast?.view ?? null,
      convergence: recorder?.convergence ?? [],
      samples: recorder?.samples ?? [],
      timeline: recorder?.timeline ?? [],
      problems: this.problems,
      nodeOfServer: this.nodeOfServer,
    });
  }

  /** Clients name servers `host:port`; the registry says which node that is. */
  private async mapServers(): Promise<void> {
    for (const node of await this.deps.host.backends.registry.list().catch(() => [])) this.nodeOfServer.set(`${node.address}:${node.port}`, node.id);
    for (const node of this.deps.host.nodes()) this.nodeOfServer.set(`${node.host}:${node.port}`, node.id);
  }

  private async sleepUntil(offsetMs: number): Promise<void> {
    const wait = this.startedAt + offsetMs - this.deps.now();
    if (wait <= 0 || this.stopping) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, wait);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

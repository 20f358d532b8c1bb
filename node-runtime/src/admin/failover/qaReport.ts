/** The QA report of one run: counts, latency, convergence and per-user reconnect times, and the verdict. */
import { randomBytes } from 'node:crypto';
import type { BlastReconnect, BlastView, Convergence, QaReport } from '../../../contract/index.js';

export interface ReportInput extends Pick<QaReport, 'scenario' | 'mode' | 'startedAt' | 'finishedAt' | 'state' | 'counts' | 'convergence' | 'samples' | 'timeline'> {
  blast: BlastView | null;
  /** Steps that failed and other problems found while running. */
  problems: string[];
  /** `host:port` → node id, to name the servers of the clients' reconnects. */
  nodeOfServer: ReadonlyMap<string, string>;
}

export function reportId(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${randomBytes(3).toString('hex')}`;
}

export function buildReport(input: ReportInput): QaReport {
  const convergence = input.convergence.map((entry) => ({ ...entry, reconnects: [] as Convergence['reconnects'] }));
  for (const reconnect of input.blast?.reconnects ?? []) attach(convergence, reconnect, input);
  const problems = [...input.problems];
  const { counts } = input;
  if (counts.lost > 0) problems.push(`${counts.lost} acknowledged message(s) lost`);
  if (counts.duplicated > 0) problems.push(`${counts.duplicated} message(s) delivered twice`);
  const blasted = input.scenario.steps.some((step) => step.action === 'blast-start');
  if (blasted && counts.acknowledged === 0) problems.push('the blast got no message acknowledged');
  if (input.state !== 'finished') problems.push(`the run ended ${input.state}`);
  for (const entry of convergence) {
    if (entry.registryMs === null) problems.push(`the registry never showed the ${entry.action} of ${entry.nodeId}`);
    if (entry.action !== 'restart' && entry.presenceMs === null) problems.push(`presence never converged after the ${entry.action} of ${entry.nodeId}`);
  }
  const latency = input.blast?.latency;
  return {
    id: reportId(input.finishedAt),
    scenario: input.scenario,
    mode: input.mode,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    state: input.state,
    counts,
    latencyMs: latency && latency.count > 0 ? { p50: round(latency.p50), p90: round(latency.p90), p99: round(latency.p99), max: round(latency.max) } : null,
    convergence,
    samples: input.samples,
    timeline: input.timeline,
    verdict: problems.length === 0 ? 'pass' : 'fail',
    problems,
  };
}

/** A client's reconnect belongs to the latest failure of the node it was connected to. */
function attach(convergence: Convergence[], reconnect: BlastReconnect, input: ReportInput): void {
  const fromNode = input.nodeOfServer.get(reconnect.fromServer) ?? reconnect.fromServer;
  const toNode = reconnect.toServer === null ? null : (input.nodeOfServer.get(reconnect.toServer) ?? reconnect.toServer);
  const downT = reconnect.downAt - input.startedAt;
  const owner = convergence.filter((entry) => entry.nodeId === fromNode && entry.action !== 'restart' && entry.at <= downT + 1000).at(-1);
  owner?.reconnects.push({ user: reconnect.username, fromNode, toNode, ms: reconnect.ms });
}

/** Latencies to 0.1 ms: the recorder's microsecond digits are noise at this scale. */
function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

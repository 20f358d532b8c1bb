/* @jsxRuntime automatic */
import type { FailoverRunView, TimelineEntry } from '../../../../node-runtime/contract/index.js';
import { chartPalette, RunCountsChart, StatusBadge, type Tone } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { ConfirmButton } from './ConfirmButton.js';
import { selectFailoverWritable } from './failoverAccess.js';

const STATE_TONE: Record<FailoverRunView['state'], Tone> = { running: 'info', finished: 'ok', failed: 'bad', stopped: 'warn' };
const COUNTS = ['sent', 'acknowledged', 'delivered', 'duplicated', 'lost'] as const;

/** The run in progress (or the last one): state, counters, the counts chart and the merged timeline. */
export function RunPanel({ run }: { run: FailoverRunView }) {
  const theme = useConsole((state) => state.theme);
  const writable = useConsole(selectFailoverWritable);
  const busy = useConsole((state) => state.failoverBusy);
  const stopScenario = useConsole((state) => state.stopScenario);
  const markers = run.timeline.filter((entry) => entry.kind === 'control' && !entry.text.includes(' failed')).map((entry) => ({ t: Math.round(entry.t / 100) / 10, label: entry.text }));
  const points = run.samples.map((sample) => ({ t: Math.round(sample.t / 100) / 10, sent: sample.sent, acknowledged: sample.acknowledged, delivered: sample.delivered, lost: sample.lost }));
  const total = run.scenario.durationSec;
  const elapsed = Math.min(total, Math.floor(run.elapsedMs / 1000));
  return (
    <section className="panel failover-run" aria-label="Run" data-testid="failover-run" data-state={run.state} data-report-id={run.reportId ?? ''}>
      <h2>
        Run of “{run.scenario.name}” <StatusBadge tone={STATE_TONE[run.state]} label={run.state === 'running' && run.reportId === null && elapsed >= total ? 'settling' : run.state} />
      </h2>
      <div className="failover-run-bar">
        <progress max={total} value={elapsed} aria-label="Scenario time" />
        <span>
          {elapsed} / {total} s
        </span>
        {writable && run.state === 'running' && <ConfirmButton label="Stop" question="Stop the run now? Its report is still written." testId="stop-scenario" disabled={busy} onConfirm={() => void stopScenario()} />}
      </div>
      {run.error !== null && (
        <p className="inline-error" role="alert">
          {run.error}
        </p>
      )}
      <dl className="failover-counts">
        {COUNTS.map((name) => (
          <div key={name} className={(name === 'lost' || name === 'duplicated') && run.counts[name] > 0 ? 'count-bad' : ''}>
            <dt>{name}</dt>
            <dd data-testid={`run-count-${name}`}>{run.counts[name]}</dd>
          </div>
        ))}
      </dl>
      <RunCountsChart points={points} markers={markers} palette={chartPalette(theme)} />
      <Timeline entries={run.timeline} />
    </section>
  );
}

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <div className="failover-timeline" data-testid="failover-timeline">
      <h3>Timeline</h3>
      <ol>
        {[...entries].reverse().map((entry, index) => (
          <li key={`${entry.t}-${index}`} className={`timeline-${entry.kind}`} data-kind={entry.kind}>
            <span className="timeline-t">{(entry.t / 1000).toFixed(1)} s</span>
            <span className="timeline-kind">{entry.kind}</span>
            <span>{entry.text}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

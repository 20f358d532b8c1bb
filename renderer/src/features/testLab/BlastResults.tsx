/* @jsxRuntime automatic */
import type { BlastCounts } from '../../../../node-runtime/contract/index.js';
import { LatencyChart, StatusBadge, chartPalette, formatRate } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { NONE } from './none.js';

const COUNTERS: { key: keyof BlastCounts; label: string; bad?: boolean }[] = [
  { key: 'sent', label: 'sent' },
  { key: 'acknowledged', label: 'acknowledged' },
  { key: 'delivered', label: 'delivered' },
  { key: 'pending', label: 'pending' },
  { key: 'duplicated', label: 'duplicated', bad: true },
  { key: 'lost', label: 'lost', bad: true },
  { key: 'outOfOrder', label: 'out of order', bad: true },
  { key: 'failedAttempts', label: 'retried' },
];

const STATE_TONE = { running: 'info', draining: 'warn', done: 'ok', stopped: 'muted' } as const;

/** Live counters, rates and the latency-percentile chart of the current (or last) blast. */
export function BlastResults() {
  const blast = useConsole((state) => state.lab?.blast ?? null);
  const ticks = useConsole((state) => state.lab?.blastTicks ?? NONE);
  const theme = useConsole((state) => state.theme);
  if (!blast) return <p className="muted">No blast yet.</p>;
  const last = ticks.at(-1);
  const points = ticks.filter((tick) => tick.latency.count > 0).map((tick) => ({ second: Math.round(tick.elapsedMs / 100) / 10, p50: tick.latency.p50, p90: tick.latency.p90, p99: tick.latency.p99 }));
  return (
    <div className="blast-results" data-testid="blast-results" data-state={blast.state} data-run={blast.runId}>
      <p className="blast-summary">
        <StatusBadge tone={STATE_TONE[blast.state]} label={blast.state} /> run <code>{blast.runId}</code> · {blast.spec.pattern} · {blast.senders} senders · {formatRate(blast.spec.ratePerSec)} msg/s for{' '}
        {blast.spec.durationMs / 1000} s · {blast.spec.payloadBytes} B
        {last && (
          <span className="muted">
            {' '}
            · now {formatRate(last.sentPerSec)} sent/s, {formatRate(last.deliveredPerSec)} delivered/s
          </span>
        )}
      </p>
      {blast.state === 'running' && last && last.elapsedMs > 2000 && last.sentPerSec < blast.spec.ratePerSec * 0.8 && (
        <p className="muted" data-testid="blast-below-target">
          Below the target rate: each sender keeps only a few messages unacknowledged, so the rate is bounded by the acks. Create more test users for more senders.
        </p>
      )}
      <dl className="blast-counters">
        {COUNTERS.map(({ key, label, bad }) => (
          <div key={key} className={`blast-counter${bad && blast.counts[key] > 0 ? ' counter-bad' : ''}`} data-testid={`blast-${key}`} data-value={blast.counts[key]}>
            <dt>{label}</dt>
            <dd>{blast.counts[key].toLocaleString('en-US')}</dd>
          </div>
        ))}
      </dl>
      <p className="blast-latency" data-testid="blast-latency">
        delivery latency p50 {blast.latency.p50.toFixed(2)} ms · p90 {blast.latency.p90.toFixed(2)} ms · p99 {blast.latency.p99.toFixed(2)} ms · max {blast.latency.max.toFixed(2)} ms · ack p50{' '}
        {blast.ackLatency.p50.toFixed(2)} ms
      </p>
      <LatencyChart points={points} palette={chartPalette(theme)} />
      {blast.duplicates.length > 0 && (
        <p className="inline-error" data-testid="blast-duplicates">
          Seen twice (first copy → second, as msg_id#seq):{' '}
          {blast.duplicates.map((entry) => `${entry.username} lane ${entry.lane} #${entry.seq}: ${entry.first ?? '?'} → ${entry.again}`).join('; ')}
        </p>
      )}
      {blast.reconnects.length > 0 && (
        <p className="muted" data-testid="blast-reconnects">
          Reconnects:{' '}
          {blast.reconnects.map((entry) => `${entry.username} ${entry.fromServer} → ${entry.toServer ?? '…'} ${entry.ms === null ? '(offline)' : `${entry.ms} ms`}`).join(', ')}
        </p>
      )}
    </div>
  );
}

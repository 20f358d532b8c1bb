/* @jsxRuntime automatic */
import { formatBytes, StatusBadge } from '../../components/index.js';
import { useConsole } from '../../store/index.js';

const TAP_TONE = { connected: 'ok', reconnecting: 'warn', closed: 'bad', idle: 'muted' } as const;

/** The tap's state, the exact counters, how much of the tail is shown, and pause/resume. */
export function TrafficSummary() {
  const status = useConsole((state) => state.trafficStatus);
  const counters = useConsole((state) => state.trafficCounters);
  const sampleEvery = useConsole((state) => state.trafficSampleEvery);
  const paused = useConsole((state) => state.trafficPaused);
  const missed = useConsole((state) => state.trafficMissed);
  const setPaused = useConsole((state) => state.setTrafficPaused);
  const clear = useConsole((state) => state.clearTrafficTail);
  const connection = status?.connection ?? 'idle';
  const where = status === null ? '' : status.source === 'nats' ? `NATS ${status.server}` : status.source === 'memory' ? 'in-process bus' : '';

  return (
    <div className="traffic-summary">
      <span data-testid="traffic-tap-state" data-state={connection}>
        <StatusBadge tone={TAP_TONE[connection]} label={`tap ${connection}`} /> {where}
        {status !== null && status.reconnects > 0 && <span className="muted"> · {status.reconnects} reconnects</span>}
      </span>
      {counters !== null && (
        <span className="traffic-counters" data-testid="traffic-counters" data-seen={counters.seen} data-matched={counters.matched} data-shown={counters.shown}>
          {counters.seen.toLocaleString('en-US')} seen ({formatBytes(counters.seenBytes)}) · {counters.matched.toLocaleString('en-US')} match · {counters.shown.toLocaleString('en-US')} shown
        </span>
      )}
      <span className="traffic-sampling" data-testid="traffic-sampling" data-sample-every={sampleEvery} role="status">
        {sampleEvery > 1 ? <strong>showing 1 in {sampleEvery}</strong> : 'showing every match'}
      </span>
      <span className="traffic-actions">
        <button type="button" className="button" data-testid="traffic-pause" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? `Resume${missed > 0 ? ` (${missed} new)` : ''}` : 'Pause'}
        </button>
        <button type="button" className="button" data-testid="traffic-clear" onClick={clear}>
          Clear
        </button>
      </span>
      {status?.error && (
        <p className="inline-error" role="alert" data-testid="traffic-tap-error">
          {status.error}
        </p>
      )}
    </div>
  );
}

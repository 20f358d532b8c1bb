/* @jsxRuntime automatic */
import { formatClock } from '../../components/index.js';
import { useConsole } from '../../store/index.js';

/** One message of the tail with its envelope decoded (kept by the host for the last few hundred). */
export function TrafficInspector() {
  const selected = useConsole((state) => state.trafficSelectedId);
  const detail = useConsole((state) => state.trafficDetail);
  const error = useConsole((state) => state.trafficDetailError);
  const inspect = useConsole((state) => state.inspectTraffic);
  if (selected === null) {
    return (
      <aside className="traffic-inspector traffic-inspector-hint" data-testid="traffic-inspector-hint">
        <p className="muted">Select a message in the tail to see its envelope.</p>
      </aside>
    );
  }
  return (
    <aside className="traffic-inspector" data-testid="traffic-inspector" data-message-id={selected} aria-label="Message inspector">
      <div className="traffic-inspector-head">
        <h3>Message #{selected}</h3>
        <button type="button" className="button button-quiet" data-testid="traffic-inspector-close" onClick={() => void inspect(null)}>
          Close
        </button>
      </div>
      {error !== null && (
        <p className="inline-error" role="alert" data-code={error.code}>
          {error.message}
        </p>
      )}
      {detail === null && error === null && <p className="loading">Loading…</p>}
      {detail !== null && (
        <>
          <dl className="facts">
            <div className="fact">
              <dt>Subject</dt>
              <dd className="mono" data-testid="traffic-inspector-subject">
                {detail.entry.subject}
              </dd>
            </div>
            <div className="fact">
              <dt>Kind</dt>
              <dd>{detail.entry.kind}</dd>
            </div>
            <div className="fact">
              <dt>Node</dt>
              <dd>{detail.entry.node ?? 'not named'}</dd>
            </div>
            <div className="fact">
              <dt>Seen at</dt>
              <dd>{formatClock(detail.entry.at)}</dd>
            </div>
            <div className="fact">
              <dt>Size</dt>
              <dd>{detail.entry.bytes} bytes</dd>
            </div>
          </dl>
          <pre className="traffic-envelope" data-testid="traffic-envelope">
            {detail.envelope === null ? detail.text : JSON.stringify(detail.envelope, null, 2)}
            {detail.truncated ? '\n… (cut at 16 KiB)' : ''}
          </pre>
        </>
      )}
    </aside>
  );
}

/* @jsxRuntime automatic */
import { BACKEND_TONE, StatusBadge } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { eventsLabel } from './eventsLabel.js';

/** Backends with kind, endpoint and health; the event feed; mode and read-only. */
export function StatusBar() {
  const backends = useConsole((state) => state.overview?.backends);
  const info = useConsole((state) => state.info);
  const overviewMode = useConsole((state) => state.overview?.mode);
  const overviewReadOnly = useConsole((state) => state.overview?.readOnly);
  const events = useConsole((state) => state.events);
  const mode = info?.mode ?? overviewMode;
  const readOnly = info?.readOnly ?? overviewReadOnly ?? false;
  const feed = eventsLabel(events);

  return (
    <footer className="status-bar" aria-label="Status">
      {mode !== undefined && (
        <span className="status-item" data-testid="mode" data-mode={mode}>
          mode <strong>{mode}</strong>
        </span>
      )}
      {readOnly && (
        <span className="status-item badge tone-warn" data-testid="read-only-badge" title="Changes (adding or removing nodes) are refused.">
          read-only
        </span>
      )}
      <ul className="status-backends" aria-label="Backends">
        {(backends ?? []).map((backend) => (
          <li key={backend.port} className="status-item" data-testid={`backend-${backend.port}`} data-state={backend.state} title={backend.detail}>
            <strong>{backend.port}</strong> <span className="muted">{backend.kind}</span>
            {backend.endpoint !== '' && <span className="endpoint">{backend.endpoint}</span>}
            <StatusBadge tone={BACKEND_TONE[backend.state]} label={backend.state} />
            {backend.state !== 'ok' && backend.detail !== '' && <span className="status-detail">{backend.detail}</span>}
          </li>
        ))}
      </ul>
      <span className="status-item" data-testid="events-state" data-state={events.state} title={feed.title}>
        events <StatusBadge tone={feed.tone} label={feed.label} />
      </span>
      {info !== null && <span className="status-item muted">v{info.version}</span>}
    </footer>
  );
}

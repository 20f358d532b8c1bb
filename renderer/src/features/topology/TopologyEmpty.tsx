/* @jsxRuntime automatic */
import { EmptyState } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { selectCanEditSandbox } from './sandboxAccess.js';

/** No node in the overview: say why that can happen here and what brings one. */
export function TopologyEmpty() {
  const mode = useConsole((state) => state.overview?.mode ?? state.info?.mode);
  const canEdit = useConsole(selectCanEditSandbox);
  return (
    <EmptyState title="No nodes yet" testId="topology-empty">
      {mode === 'embedded' ? (
        canEdit ? (
          <p>No chat node runs in this console. Press “Add node” to start one in the sandbox.</p>
        ) : (
          <p>No chat node runs in this console, and this console cannot start one (read-only or not a sandbox).</p>
        )
      ) : (
        <p>
          No chat node is registered. Start nodes against the same registry — for example <code>npm run cluster:local</code>, or{' '}
          <code>npm run node -- --nats … --redis … --registry nats</code> — and they appear here within a few seconds. A node that
          stopped disappears when its registration expires.
        </p>
      )}
    </EmptyState>
  );
}

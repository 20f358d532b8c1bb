/* @jsxRuntime automatic */
import { useConsole } from '../../store/index.js';
import { selectCanEditSandbox } from './sandboxAccess.js';

/** "Add node" in the embedded sandbox, with the last add/remove failure. */
export function SandboxBar() {
  const canEdit = useConsole(selectCanEditSandbox);
  const busy = useConsole((state) => state.sandboxBusy);
  const error = useConsole((state) => state.sandboxError);
  const addNode = useConsole((state) => state.addNode);
  if (!canEdit) return null;
  return (
    <div className="sandbox-bar">
      <button type="button" className="button button-primary" data-testid="add-node" disabled={busy} onClick={() => void addNode()}>
        {busy ? 'Working…' : 'Add node'}
      </button>
      <span className="muted">Sandbox: nodes run inside this console and share its in-memory backends.</span>
      {error !== null && (
        <p className="inline-error" role="alert" data-testid="sandbox-error">
          {error.message} <code>{error.code}</code>
        </p>
      )}
    </div>
  );
}

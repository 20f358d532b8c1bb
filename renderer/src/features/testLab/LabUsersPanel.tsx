/* @jsxRuntime automatic */
import { useState } from 'react';
import type { LabNodeChoice } from '../../../../node-runtime/contract/index.js';
import { StatusBadge } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { LabActionError } from './LabActionError.js';
import { NONE } from './none.js';

/** `spread`, `least-loaded`, or `node:<id>` in the select. */
function choiceOf(value: string): LabNodeChoice {
  if (value === 'spread' || value === 'least-loaded') return { kind: value };
  return { kind: 'node', nodeId: value.slice('node:'.length) };
}

/** Creates and closes test users, and lists them with the node each is connected to now. */
export function LabUsersPanel({ canChange }: { canChange: boolean }) {
  const users = useConsole((state) => state.lab?.users ?? NONE);
  const prefix = useConsole((state) => state.lab?.prefix ?? 'lab');
  const nodes = useConsole((state) => state.overview?.nodes ?? NONE);
  const busy = useConsole((state) => state.labBusy);
  const createLabUsers = useConsole((state) => state.createLabUsers);
  const closeLabUsers = useConsole((state) => state.closeLabUsers);
  const [count, setCount] = useState(4);
  const [choice, setChoice] = useState('spread');
  const healthy = nodes.filter((node) => node.health === 'passing');

  return (
    <section className="lab-panel lab-users" aria-labelledby="lab-users-title">
      <h3 id="lab-users-title">Test users</h3>
      {canChange && (
        <form
          className="lab-form"
          onSubmit={(event) => {
            event.preventDefault();
            void createLabUsers({ count, nodes: choiceOf(choice) });
          }}
        >
          <label>
            Users
            <input type="number" min={1} max={200} value={count} data-testid="lab-user-count" onChange={(event) => setCount(Number(event.target.value))} />
          </label>
          <label>
            Connect to
            <select value={choice} data-testid="lab-node-choice" onChange={(event) => setChoice(event.target.value)}>
              <option value="spread">spread over healthy nodes</option>
              <option value="least-loaded">least loaded (load-aware pick)</option>
              {healthy.map((node) => (
                <option key={node.id} value={`node:${node.id}`}>
                  {node.id} ({node.address}:{node.port})
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button-primary" disabled={busy !== null} data-testid="lab-create-users">
            {busy === 'users' ? 'Connecting…' : 'Create and connect'}
          </button>
          <button type="button" className="button" disabled={busy !== null || users.length === 0} data-testid="lab-close-users" onClick={() => void closeLabUsers()}>
            Close all
          </button>
        </form>
      )}
      <LabActionError action="users" />
      {users.length === 0 ? (
        <p className="muted">
          No test users yet. They are named <code>{prefix}-001</code>, <code>{prefix}-002</code>… and registered when missing.
        </p>
      ) : (
        <table className="data-table lab-user-table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Node</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.username} data-testid={`lab-user-${user.username}`} data-node={user.nodeId ?? ''}>
                <td>
                  {user.username} <span className="muted">#{user.userId}</span>
                </td>
                <td>{user.nodeId ?? user.server ?? '–'}</td>
                <td>
                  <StatusBadge tone={user.state === 'ready' ? 'ok' : user.state === 'closed' ? 'bad' : 'warn'} label={user.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/* @jsxRuntime automatic */
import { useState } from 'react';
import type { NodeView } from '../../../../node-runtime/contract/index.js';
import { formatRate, HEALTH_TONE, StatusBadge } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { selectCanEditSandbox } from './sandboxAccess.js';

/** The nodes as a table (the graph's accessible twin), with Remove in the sandbox. */
export function NodeTable({ nodes }: { nodes: NodeView[] }) {
  const selectedId = useConsole((state) => state.selectedNodeId);
  const selectNode = useConsole((state) => state.selectNode);
  const canEdit = useConsole(selectCanEditSandbox);
  const busy = useConsole((state) => state.sandboxBusy);
  const removeNode = useConsole((state) => state.removeNode);
  const [confirming, setConfirming] = useState<string | null>(null);

  return (
    <table className="data-table node-table">
      <caption>Nodes</caption>
      <thead>
        <tr>
          <th scope="col">Node</th>
          <th scope="col">Health</th>
          <th scope="col">Address</th>
          <th scope="col">Connections</th>
          <th scope="col">msgs/s in / out</th>
          <th scope="col">NATS server</th>
          {canEdit && <th scope="col">Sandbox</th>}
        </tr>
      </thead>
      <tbody>
        {nodes.map((node) => (
          <tr key={node.id} className={node.id === selectedId ? 'selected' : undefined}>
            <th scope="row">
              <button type="button" className="link-button" aria-pressed={node.id === selectedId} onClick={() => selectNode(node.id)}>
                {node.id}
              </button>
            </th>
            <td>
              <StatusBadge tone={HEALTH_TONE[node.health]} label={node.health} />
            </td>
            <td>
              {node.address}:{node.port}
            </td>
            <td>{node.stats?.connections ?? '–'}</td>
            <td>{node.stats === null ? 'no stats' : `${formatRate(node.stats.msgsInPerSec)} / ${formatRate(node.stats.msgsOutPerSec)}`}</td>
            <td>{node.stats?.natsServer ?? '–'}</td>
            {canEdit && (
              <td>
                {!node.inProcess ? (
                  <span className="muted">not in this process</span>
                ) : confirming === node.id ? (
                  <span className="confirm">
                    Remove {node.id}? Its clients are disconnected.{' '}
                    <button
                      type="button"
                      className="button button-danger"
                      data-testid={`confirm-remove-${node.id}`}
                      disabled={busy}
                      autoFocus
                      onClick={() => {
                        setConfirming(null);
                        void removeNode(node.id);
                      }}
                    >
                      Yes, remove
                    </button>{' '}
                    <button type="button" className="button" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button type="button" className="button" data-testid={`remove-node-${node.id}`} disabled={busy} onClick={() => setConfirming(node.id)}>
                    Remove
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/* @jsxRuntime automatic */
import type { ControllableNode, NodeAction } from '../../../../node-runtime/contract/index.js';
import { StatusBadge } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { ConfirmButton } from './ConfirmButton.js';
import { selectFailoverWritable } from './failoverAccess.js';

const ROUTE_TEXT = { 'in-process': 'in this console', 'local-process': 'process launched here', remote: 'signed command' } as const;

const QUESTION: Record<NodeAction, (id: string) => string> = {
  drain: (id) => `Drain ${id}? It deregisters and closes its connections.`,
  kill: (id) => `Kill ${id}? It crashes without cleaning up.`,
  restart: (id) => `Restart ${id}?`,
};

/** Every node with drain / kill / restart (each asks first); nothing to press in read-only mode. */
export function NodeControlPanel({ nodes, canLaunch }: { nodes: ControllableNode[]; canLaunch: boolean }) {
  const writable = useConsole(selectFailoverWritable);
  const busy = useConsole((state) => state.failoverBusy);
  const controlNode = useConsole((state) => state.controlNode);
  const launchLocalNode = useConsole((state) => state.launchLocalNode);
  return (
    <section className="panel failover-nodes" aria-label="Nodes">
      <h2>Nodes</h2>
      <table className="data-table">
        <thead>
          <tr>
            <th>node</th>
            <th>reached</th>
            <th>state</th>
            <th>{writable ? 'actions' : 'note'}</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => (
            <tr key={node.id} data-testid={`failover-node-${node.id}`} data-running={String(node.running)}>
              <td>{node.id}</td>
              <td>{ROUTE_TEXT[node.route]}</td>
              <td>
                <StatusBadge tone={node.running ? 'ok' : 'bad'} label={node.running ? 'running' : 'down'} />
              </td>
              <td className="failover-actions">
                {writable &&
                  node.actions.map((action) => (
                    <ConfirmButton key={action} label={action} question={QUESTION[action](node.id)} testId={`node-${action}-${node.id}`} danger={action !== 'restart'} disabled={busy} onConfirm={() => void controlNode(node.id, action)} />
                  ))}
                {node.note !== null && <span className="muted">{node.note}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {writable && canLaunch && (
        <p>
          <button type="button" className="button" data-testid="launch-local-node" disabled={busy} onClick={() => void launchLocalNode()}>
            {busy ? 'Working…' : 'Launch a local node'}
          </button>{' '}
          <span className="muted">a chat node process on this machine, joined to this cluster; the console can restart it</span>
        </p>
      )}
    </section>
  );
}

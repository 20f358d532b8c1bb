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

/** The --local-cluster servers: what they are, and what a kill does to the cluster. */
const SERVER_TEXT = { nats: 'NATS server', redis: 'Redis' } as const;
const SERVER_KILL = { nats: 'every node loses its bus until it is restarted', redis: 'every node loses presence and storage until it is restarted' } as const;

function question(node: ControllableNode, action: NodeAction): string {
  if (node.kind && action === 'kill') return `Kill ${node.id} (${SERVER_TEXT[node.kind]})? ${SERVER_KILL[node.kind]}.`;
  if (node.kind && action === 'restart') return `Restart ${node.id} (${SERVER_TEXT[node.kind]}) on the same port and data?`;
  return QUESTION[action](node.id);
}

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
            <tr key={node.id} data-testid={`failover-node-${node.id}`} data-running={String(node.running)} data-kind={node.kind ?? 'node'}>
              <td>
                {node.id}
                {node.kind && <span className="muted"> {SERVER_TEXT[node.kind]}</span>}
              </td>
              <td>{ROUTE_TEXT[node.route]}</td>
              <td>
                <StatusBadge tone={node.running ? 'ok' : 'bad'} label={node.running ? 'running' : 'down'} />
              </td>
              <td className="failover-actions">
                {writable &&
                  node.actions.map((action) => (
                    <ConfirmButton key={action} label={action} question={question(node, action)} testId={`node-${action}-${node.id}`} danger={action !== 'restart'} disabled={busy} onConfirm={() => void controlNode(node.id, action)} />
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

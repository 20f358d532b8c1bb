/* @jsxRuntime automatic */
import type { KeyboardEvent } from 'react';
import type { BackendView, NodeView } from '../../../../node-runtime/contract/index.js';
import { formatRate } from '../../components/index.js';
import { BACKEND_BOX, BACKEND_POSITIONS, GRAPH_HEIGHT, GRAPH_WIDTH, NODE_RADIUS, nodePositions } from './graphLayout.js';

export interface TopologyGraphProps {
  nodes: NodeView[];
  backends: BackendView[];
  selectedId: string | null;
  onSelect(nodeId: string): void;
}

const nodeRate = (node: NodeView): number | null => (node.stats === null ? null : node.stats.msgsInPerSec + node.stats.msgsOutPerSec);

/** Nodes (health colour and word, connections, msgs/s, NATS server) wired to the backends around them. */
export function TopologyGraph({ nodes, backends, selectedId, onSelect }: TopologyGraphProps) {
  const positions = nodePositions(nodes.length);
  const onKey = (nodeId: string) => (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(nodeId);
    }
  };

  return (
    <svg className="topology-graph" viewBox={`0 0 ${GRAPH_WIDTH} ${GRAPH_HEIGHT}`} role="group" aria-label="Cluster topology">
      <g className="topology-edges" aria-hidden="true">
        {nodes.map((node, index) =>
          backends.map((backend) => {
            const from = positions[index];
            const to = BACKEND_POSITIONS[backend.port];
            if (from === undefined) return null;
            return <line key={`${node.id}-${backend.port}`} className={`edge edge-${backend.state}`} x1={from.x} y1={from.y} x2={to.x} y2={to.y} />;
          }),
        )}
      </g>
      <g className="topology-backends">
        {backends.map((backend) => {
          const at = BACKEND_POSITIONS[backend.port];
          return (
            <g key={backend.port} className={`backend-box state-${backend.state}`} transform={`translate(${at.x - BACKEND_BOX.width / 2} ${at.y - BACKEND_BOX.height / 2})`}>
              <title>{`${backend.port}: ${backend.kind} ${backend.endpoint} — ${backend.state}${backend.detail === '' ? '' : ` (${backend.detail})`}`}</title>
              <rect width={BACKEND_BOX.width} height={BACKEND_BOX.height} rx={8} />
              <text x={10} y={19} className="backend-name">
                {backend.port} · {backend.kind}
              </text>
              <text x={10} y={37} className="backend-state">
                {backend.state}
              </text>
            </g>
          );
        })}
      </g>
      <g className="topology-nodes">
        {nodes.map((node, index) => {
          const at = positions[index];
          if (at === undefined) return null;
          const rate = nodeRate(node);
          const connections = node.stats?.connections;
          const selected = node.id === selectedId;
          const summary = `${node.id}, ${node.health}, ${connections ?? 'unknown'} connections, ${rate === null ? 'no stats' : `${formatRate(rate)} msgs/s`}`;
          return (
            <g
              key={node.id}
              className={`topo-node health-${node.health}${selected ? ' selected' : ''}`}
              transform={`translate(${at.x} ${at.y})`}
              role="button"
              tabIndex={0}
              aria-pressed={selected}
              aria-label={summary}
              data-testid={`topology-node-${node.id}`}
              data-health={node.health}
              onClick={() => onSelect(node.id)}
              onKeyDown={onKey(node.id)}
            >
              <title>{summary}</title>
              <circle className="focus-ring" r={NODE_RADIUS + 6} />
              <circle className="node-circle" r={NODE_RADIUS} />
              <text className="node-conns" y={-4} textAnchor="middle">
                {connections ?? '–'}
              </text>
              <text className="node-conns-label" y={12} textAnchor="middle">
                conns
              </text>
              <text className="node-id" y={NODE_RADIUS + 18} textAnchor="middle">
                {node.id} · {node.health}
              </text>
              <text className="node-rate" y={NODE_RADIUS + 34} textAnchor="middle">
                {rate === null ? 'no stats' : `${formatRate(rate)} msg/s`}
                {node.stats !== null ? ` · ${node.stats.natsServer}` : ''}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}

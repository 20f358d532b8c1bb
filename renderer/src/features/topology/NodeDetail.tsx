/* @jsxRuntime automatic */
import type { NodeView } from '../../../../node-runtime/contract/index.js';
import { type ChartPalette, formatBytes, formatClock, formatDuration, formatRate, HEALTH_TONE, RateChart, type RatePoint, StatusBadge } from '../../components/index.js';

/** Everything known about one node: check, tags, meta, live stats and its msgs/s history. */
export function NodeDetail({ node, samples, palette }: { node: NodeView; samples: RatePoint[]; palette: ChartPalette }) {
  const metaEntries = Object.entries(node.meta).sort(([a], [b]) => a.localeCompare(b));
  const stats = node.stats;
  return (
    <section className="node-detail" data-testid="node-detail" data-node-id={node.id} aria-labelledby="node-detail-title">
      <h2 id="node-detail-title">
        {node.id} <StatusBadge tone={HEALTH_TONE[node.health]} label={node.health} />
      </h2>
      <dl className="facts">
        <dt>Address</dt>
        <dd>
          {node.address}:{node.port}
        </dd>
        <dt>Check output</dt>
        <dd data-testid="node-check-output">{node.checkOutput === '' ? <span className="muted">(empty)</span> : <pre className="check-output">{node.checkOutput}</pre>}</dd>
        <dt>Health since</dt>
        <dd>{formatClock(node.healthChangedAt)}</dd>
        <dt>Runs</dt>
        <dd>{node.inProcess ? 'in this console’s process' : 'in its own process'}</dd>
      </dl>

      <h3>Tags</h3>
      {node.tags.length === 0 ? (
        <p className="muted">No tags.</p>
      ) : (
        <ul className="tags">
          {node.tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      )}

      <h3>Meta</h3>
      {metaEntries.length === 0 ? (
        <p className="muted">No meta.</p>
      ) : (
        <dl className="facts meta">
          {metaEntries.map(([key, value]) => (
            <div key={key} className="fact">
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}

      <h3>Live stats</h3>
      {stats === null ? (
        <p className="muted">No stats: the node did not answer the stats request in time. It may be overloaded, partitioned or shutting down.</p>
      ) : (
        <dl className="facts stats">
          <dt>Connections</dt>
          <dd>{stats.connections}</dd>
          <dt>Users</dt>
          <dd>{stats.users}</dd>
          <dt>Messages in / out</dt>
          <dd>
            {formatRate(stats.msgsInPerSec)} / {formatRate(stats.msgsOutPerSec)} msg/s
          </dd>
          <dt>NATS server</dt>
          <dd>{stats.natsServer}</dd>
          <dt>Uptime</dt>
          <dd>{formatDuration(stats.uptimeMs)}</dd>
          <dt>Memory (RSS / heap used)</dt>
          <dd>
            {formatBytes(stats.rssBytes)} / {formatBytes(stats.heapUsedBytes)}
          </dd>
          <dt>Sampled at</dt>
          <dd>{formatClock(stats.sampledAt)}</dd>
        </dl>
      )}

      <h3>Messages per second</h3>
      <RateChart samples={samples} palette={palette} />
    </section>
  );
}

/* @jsxRuntime automatic */
import type { PresenceRow } from '../../../../node-runtime/contract/index.js';
import { formatClock } from '../../components/index.js';
import { presenceKey, type PresenceHighlight } from '../../store/index.js';

const STATUS_TEXT = { online: 'just came online', offline: 'went offline' } as const;

/** User → node rows; rows that changed lately are highlighted and say so in words. */
export function PresenceTable({ rows, highlights }: { rows: PresenceRow[]; highlights: Record<string, PresenceHighlight> }) {
  return (
    <table className="data-table presence-table">
      <caption className="visually-hidden">Users online and the node they are connected to</caption>
      <thead>
        <tr>
          <th scope="col">User id</th>
          <th scope="col">Username</th>
          <th scope="col">Node</th>
          <th scope="col">Online since</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const key = presenceKey(row.userId, row.nodeId);
          const highlight = highlights[key];
          return (
            <tr
              key={key}
              data-testid={`presence-row-${row.userId}-${row.nodeId}`}
              data-change={highlight?.kind}
              className={highlight === undefined ? undefined : `row-changed row-${highlight.kind}`}
            >
              <td>{row.userId}</td>
              <td>{row.username ?? <span className="muted">(unknown)</span>}</td>
              <td>{row.nodeId}</td>
              <td title={new Date(row.since).toISOString()}>{formatClock(row.since)}</td>
              <td>{highlight === undefined ? 'online' : STATUS_TEXT[highlight.kind]}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/* @jsxRuntime automatic */
import { memo } from 'react';
import type { TrafficTailEntry } from '../../../../node-runtime/contract/index.js';
import { formatClock } from '../../components/index.js';
import { useConsole } from '../../store/index.js';

function who(entry: TrafficTailEntry): string {
  if (entry.kind === 'p2p') return `${entry.fromUser ?? '?'} → ${entry.toUser ?? '?'}`;
  if (entry.kind === 'group') return `${entry.fromUser ?? '?'} → group ${entry.group ?? '?'}`;
  if (entry.kind === 'membership') return `group ${entry.group ?? '?'}`;
  return '';
}

/** One row; memoized, so a batch re-renders only its new rows (and the selection change). */
const TailRow = memo(function TailRow({ entry, selected, inspect }: { entry: TrafficTailEntry; selected: boolean; inspect: (id: number) => Promise<void> }) {
  return (
    <tr
      data-testid={`traffic-row-${entry.id}`}
      data-subject={entry.subject}
      className={selected ? 'selected' : undefined}
      tabIndex={0}
      aria-selected={selected}
      onClick={() => void inspect(entry.id)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          void inspect(entry.id);
        }
      }}
    >
      <td>{formatClock(entry.at)}</td>
      <td className="mono">
        <span className={`cls-dot cls-${entry.cls}`} aria-hidden="true" />
        {entry.subject}
      </td>
      <td>{entry.node ?? <span className="muted">?</span>}</td>
      <td>{who(entry)}</td>
      <td className="num">{entry.bytes}</td>
      <td className="traffic-preview">{entry.preview}</td>
    </tr>
  );
});

/** The live tail, newest first; a row (click, or Enter) opens the inspector. */
export function TrafficTail() {
  const tail = useConsole((state) => state.trafficTail);
  const selected = useConsole((state) => state.trafficSelectedId);
  const inspect = useConsole((state) => state.inspectTraffic);
  const paused = useConsole((state) => state.trafficPaused);
  if (tail.length === 0) {
    return (
      <p className="muted traffic-tail-empty" data-testid="traffic-tail-empty">
        {paused
          ? 'Paused: resume to see new messages.'
          : 'No message matches yet. Traffic between nodes (P2P to a user on another node, group messages, membership changes) appears here as it happens.'}
      </p>
    );
  }
  return (
    <div className="traffic-tail-box">
      <table className="data-table traffic-tail" data-testid="traffic-tail">
        <caption className="visually-hidden">Messages seen on the bus, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Subject</th>
            <th scope="col">Node</th>
            <th scope="col">Who</th>
            <th scope="col" className="num">Bytes</th>
            <th scope="col">Content</th>
          </tr>
        </thead>
        <tbody>
          {tail.map((entry) => (
            <TailRow key={entry.id} entry={entry} selected={entry.id === selected} inspect={inspect} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

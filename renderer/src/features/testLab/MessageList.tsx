/* @jsxRuntime automatic */
import type { LabMessageView } from '../../../../node-runtime/contract/index.js';
import { HopTimeline, StatusBadge, formatClock } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { NONE } from './none.js';

const TONE = { sending: 'info', acked: 'warn', delivered: 'ok', failed: 'bad' } as const;

/** sender's node → subject → receivers' nodes, as far as seen. */
function routeOf(message: LabMessageView): string {
  const sender = message.hops.find((hop) => hop.step === 'send')?.nodeId ?? '?';
  const receivers = [...new Set(message.deliveries.map((delivery) => delivery.nodeId ?? '?'))];
  const bus = message.hops.some((hop) => hop.step === 'bus') ? message.subject : 'no bus hop (same node)';
  return `${sender} → ${message.deliveries.length === 0 ? message.subject : bus} → ${receivers.length > 0 ? receivers.join(', ') : '…'}`;
}

function latencyOf(message: LabMessageView): string {
  if (message.deliveries.length === 0) return '–';
  const worst = Math.max(...message.deliveries.map((delivery) => delivery.latencyMs));
  return `${worst.toFixed(0)} ms`;
}

/** The lab's messages, newest first, each with its hop timeline and end-to-end latency. */
export function MessageList() {
  const messages = useConsole((state) => state.lab?.messages ?? NONE);
  if (messages.length === 0) return <p className="muted">Messages you send appear here with their hops: client send → server ack → bus → delivered.</p>;
  return (
    <ol className="lab-messages" aria-label="Messages sent from the lab">
      {[...messages].reverse().map((message) => (
        <li key={message.id} className="lab-message" data-testid={`lab-message-${message.id}`} data-status={message.status} data-kind={message.kind}>
          <header className="lab-message-head">
            <StatusBadge tone={TONE[message.status]} label={message.status} />
            <strong>
              {message.from} → {message.to}
            </strong>
            <code data-testid="lab-message-route">{routeOf(message)}</code>
            <span className="muted">{formatClock(message.sentAt)}</span>
            <span className="lab-latency" data-testid="lab-message-latency">
              {message.deliveries.length}/{message.expected} delivered · {latencyOf(message)}
            </span>
          </header>
          <p className="lab-message-content">{message.content}</p>
          {message.error && <p className="inline-error">{message.error}</p>}
          <HopTimeline hops={message.hops} testId="lab-hops" />
        </li>
      ))}
    </ol>
  );
}

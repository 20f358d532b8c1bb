/* @jsxRuntime automatic */
export interface TimelineHop {
  step: string;
  at: number;
  nodeId: string | null;
  detail: string;
}

const STEP_LABEL: Record<string, string> = { send: 'client send', ack: 'server ack (stored)', bus: 'bus', deliver: 'delivered' };

/**
 * A message's hops on one line: each step at its offset from the first, with its node and time
 * (+ms). Plain data in, no store; the list below the bar says the same in text.
 */
export function HopTimeline({ hops, testId }: { hops: TimelineHop[]; testId?: string }) {
  if (hops.length === 0) return null;
  const start = hops[0]!.at;
  const span = Math.max(1, hops.at(-1)!.at - start);
  return (
    <div className="hop-timeline" data-testid={testId}>
      <div className="hop-track" aria-hidden="true">
        {hops.map((hop, index) => (
          <span key={index} className={`hop-dot hop-${hop.step}`} style={{ left: `${((hop.at - start) / span) * 100}%` }} title={STEP_LABEL[hop.step] ?? hop.step} />
        ))}
      </div>
      <ol className="hop-list">
        {hops.map((hop, index) => (
          <li key={index} className={`hop hop-${hop.step}`} data-step={hop.step} data-node={hop.nodeId ?? ''}>
            <span className="hop-step">{STEP_LABEL[hop.step] ?? hop.step}</span>
            <span className="hop-node">{hop.nodeId ?? '–'}</span>
            <span className="hop-detail">{hop.detail}</span>
            <span className="hop-at">+{(hop.at - start).toFixed(0)} ms</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/* @jsxRuntime automatic */
import { useMemo } from 'react';
import { chartPalette, CountsChart } from '../../components/index.js';
import { useConsole } from '../../store/index.js';

/** Users online per node (everyone, whatever the search): every node of the overview (0 when nobody) plus any node presence names. */
export function PresenceCounts() {
  const counts = useConsole((state) => state.presenceCounts);
  const nodes = useConsole((state) => state.overview?.nodes);
  const search = useConsole((state) => state.presenceSearch);
  const theme = useConsole((state) => state.theme);
  const data = useMemo(() => {
    const ids = new Set([...(nodes ?? []).map((node) => node.id), ...Object.keys(counts)]);
    return [...ids].sort().map((nodeId) => ({ nodeId, count: counts[nodeId] ?? 0 }));
  }, [counts, nodes]);
  const total = data.reduce((sum, point) => sum + point.count, 0);

  return (
    <section className="presence-counts" aria-labelledby="presence-counts-title">
      <h3 id="presence-counts-title">
        Online per node: {total}
      </h3>
      {search.trim() !== '' && <p className="muted">Counts cover every user online, not only those matching the search.</p>}
      <ul className="count-list">
        {data.map((point) => (
          <li key={point.nodeId} data-testid={`presence-count-${point.nodeId}`} data-count={point.count}>
            <span>{point.nodeId}</span> <strong>{point.count}</strong>
          </li>
        ))}
      </ul>
      {data.length > 0 && <CountsChart data={data} palette={chartPalette(theme)} />}
    </section>
  );
}

/* @jsxRuntime automatic */
import { chartPalette } from '../../components/index.js';
import { useConsole, type RateSample } from '../../store/index.js';
import { NodeDetail } from './NodeDetail.js';

const NO_SAMPLES: RateSample[] = [];

/** The selected node's details, or how to select one. */
export function NodeDetailPanel() {
  const selectedId = useConsole((state) => state.selectedNodeId);
  const node = useConsole((state) => state.overview?.nodes.find((candidate) => candidate.id === state.selectedNodeId) ?? null);
  const samples = useConsole((state) => (state.selectedNodeId === null ? NO_SAMPLES : (state.rateHistory[state.selectedNodeId] ?? NO_SAMPLES)));
  const theme = useConsole((state) => state.theme);
  const selectNode = useConsole((state) => state.selectNode);

  if (selectedId === null) {
    return (
      <aside className="node-detail-hint" data-testid="node-detail-hint">
        <p>Select a node in the graph or the table (click it, or Tab to it and press Enter) to see its checks, tags, meta and messages per second.</p>
      </aside>
    );
  }
  if (node === null) {
    return (
      <aside className="node-detail-hint" role="status">
        <p>
          <strong>{selectedId}</strong> is no longer in the cluster: it stopped or was removed from the registry.
        </p>
        <button type="button" className="button" onClick={() => selectNode(null)}>
          Clear selection
        </button>
      </aside>
    );
  }
  return <NodeDetail node={node} samples={samples} palette={chartPalette(theme)} />;
}

/* @jsxRuntime automatic */
import { ErrorState } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { NodeDetailPanel } from './NodeDetailPanel.js';
import { NodeTable } from './NodeTable.js';
import { SandboxBar } from './SandboxBar.js';
import { TopologyEmpty } from './TopologyEmpty.js';
import { TopologyGraph } from './TopologyGraph.js';

export function TopologyView() {
  const overview = useConsole((state) => state.overview);
  const error = useConsole((state) => state.overviewError);
  const refreshOverview = useConsole((state) => state.refreshOverview);
  const selectedId = useConsole((state) => state.selectedNodeId);
  const selectNode = useConsole((state) => state.selectNode);
  const retry = () => void refreshOverview();

  if (overview === null) {
    return error === null ? (
      <p className="loading" role="status">
        Loading the cluster overview…
      </p>
    ) : (
      <ErrorState title="Could not load the cluster overview" error={error} onRetry={retry} />
    );
  }

  return (
    <div className="topology">
      <h2 className="visually-hidden">Topology</h2>
      {error !== null && (
        <ErrorState title="The last overview refresh failed; showing older data" error={error} onRetry={retry} testId="overview-stale" />
      )}
      <SandboxBar />
      {overview.nodes.length === 0 ? (
        <TopologyEmpty />
      ) : (
        <>
          <div className="topology-main">
            <div className="topology-graph-box">
              <TopologyGraph nodes={overview.nodes} backends={overview.backends} selectedId={selectedId} onSelect={selectNode} />
            </div>
            <NodeDetailPanel />
          </div>
          <NodeTable nodes={overview.nodes} />
        </>
      )}
    </div>
  );
}

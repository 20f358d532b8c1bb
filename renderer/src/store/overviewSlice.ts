import type { NodeView } from '../../../node-runtime/contract/index.js';
import { toSerializedError } from '../transport/index.js';
import { appendRateSamples } from './rateHistory.js';
import type { SliceDeps } from './sliceDeps.js';
import type { OverviewSlice } from './storeTypes.js';

/** Cluster overview (nodes, backends), each node's msgs/s history, and the sandbox's add/remove. */
export function createOverviewSlice({ client, set, get }: SliceDeps): OverviewSlice {
  return {
    overview: null,
    overviewState: 'idle',
    overviewError: null,
    rateHistory: {},
    sandboxBusy: false,
    sandboxError: null,

    async refreshOverview() {
      set({ overviewState: 'loading' });
      try {
        get().applyOverview(await client.call('getOverview', null));
      } catch (error) {
        set({ overviewState: 'error', overviewError: toSerializedError(error) });
      }
    },

    applyOverview(overview) {
      set((state) => ({
        overview,
        overviewState: 'ready',
        overviewError: null,
        rateHistory: appendRateSamples(state.rateHistory, overview),
      }));
    },

    async addNode(): Promise<NodeView | null> {
      if (get().sandboxBusy) return null;
      set({ sandboxBusy: true, sandboxError: null });
      try {
        const node = await client.call('addSandboxNode', null);
        set({ sandboxBusy: false });
        get().selectNode(node.id);
        await get().refreshOverview();
        return node;
      } catch (error) {
        set({ sandboxBusy: false, sandboxError: toSerializedError(error) });
        return null;
      }
    },

    async removeNode(nodeId) {
      if (get().sandboxBusy) return false;
      set({ sandboxBusy: true, sandboxError: null });
      try {
        await client.call('removeSandboxNode', { nodeId });
        set({ sandboxBusy: false });
        if (get().selectedNodeId === nodeId) get().selectNode(null);
        await get().refreshOverview();
        return true;
      } catch (error) {
        set({ sandboxBusy: false, sandboxError: toSerializedError(error) });
        return false;
      }
    },
  };
}

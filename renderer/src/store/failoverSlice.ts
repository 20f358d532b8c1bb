import type { FailoverStatus } from '../../../node-runtime/contract/index.js';
import { toSerializedError } from '../transport/index.js';
import type { SliceDeps } from './sliceDeps.js';
import type { FailoverSlice } from './failoverTypes.js';

/** The Failover view's state: the status from getFailoverStatus, then every 'failover' event; actions return the new status. */
export function createFailoverSlice({ client, set, get }: SliceDeps): FailoverSlice {
  /** One call at a time; a success replaces the status, a refusal is kept for the view. */
  const act = async (call: () => Promise<FailoverStatus>): Promise<boolean> => {
    if (get().failoverBusy) return false;
    set({ failoverBusy: true, failoverActionError: null });
    try {
      const status = await call();
      set({ failoverStatus: status, failoverState: 'ready', failoverBusy: false });
      return true;
    } catch (error) {
      set({ failoverBusy: false, failoverActionError: toSerializedError(error) });
      return false;
    }
  };

  return {
    failoverStatus: null,
    failoverState: 'idle',
    failoverError: null,
    failoverBusy: false,
    failoverActionError: null,

    async loadFailover() {
      set({ failoverState: 'loading' });
      try {
        const status = await client.call('getFailoverStatus', null);
        set({ failoverStatus: status, failoverState: 'ready', failoverError: null });
      } catch (error) {
        set({ failoverState: 'error', failoverError: toSerializedError(error) });
      }
    },
    applyFailover(status) {
      set({ failoverStatus: status, failoverState: 'ready' });
    },
    controlNode: (nodeId, action) => act(() => client.call('controlNode', { nodeId, action })),
    saveScenario: (spec) => act(() => client.call('saveScenario', spec)),
    deleteScenario: (name) => act(() => client.call('deleteScenario', { name })),
    runScenario: (name) => act(() => client.call('runScenario', { name })),
    stopScenario: () => act(() => client.call('stopScenario', null)),
    launchLocalNode: () => act(() => client.call('launchLocalNode', null)),
    async fetchReport(id, format) {
      try {
        return await client.call('getReport', { id, format });
      } catch (error) {
        set({ failoverActionError: toSerializedError(error) });
        return null;
      }
    },
  };
}

import type { TrafficBatch, TrafficRatePoint, TrafficTailEntry } from '../../../node-runtime/contract/index.js';
import { toSerializedError } from '../transport/index.js';
import type { SliceDeps } from './sliceDeps.js';
import type { TrafficSlice } from './trafficTypes.js';

/** Tail rows kept in the renderer (the host keeps the inspector's copies). */
export const TAIL_LIMIT = 200;
/** Two minutes of per-second points. */
export const RATE_HISTORY_LIMIT = 120;

/** The Traffic view's state, fed by the host's 'traffic' batches (a few per second, bounded). */
export function createTrafficSlice({ client, set, get }: SliceDeps): TrafficSlice {
  return {
    trafficStatus: null,
    trafficCounters: null,
    trafficSampleEvery: 1,
    trafficTail: [],
    trafficRates: [],
    trafficTop: [],
    trafficPaused: false,
    trafficMissed: 0,
    trafficSelectedId: null,
    trafficDetail: null,
    trafficDetailError: null,
    trafficError: null,

    applyTraffic(batch: TrafficBatch) {
      const state = get();
      const paused = state.trafficPaused;
      set({
        trafficStatus: batch.status,
        trafficCounters: batch.counters,
        trafficSampleEvery: batch.sampleEvery,
        trafficTail: paused || batch.tail.length === 0 ? state.trafficTail : prependTail(state.trafficTail, batch.tail),
        trafficMissed: paused ? state.trafficMissed + batch.tail.length : state.trafficMissed,
        trafficRates: batch.rates.length === 0 ? state.trafficRates : appendRates(state.trafficRates, batch.rates),
        trafficTop: batch.top.length === 0 && batch.counters.seen > 0 ? state.trafficTop : batch.top,
      });
    },

    async watchTraffic() {
      try {
        const status = await client.call('watchTraffic', null);
        set({ trafficStatus: status, trafficError: null });
      } catch (error) {
        set({ trafficError: toSerializedError(error) });
      }
    },

    async setTrafficFilter(filter) {
      try {
        const applied = await client.call('setTrafficFilter', filter);
        const status = get().trafficStatus;
        set({ trafficError: null, trafficTail: [], trafficMissed: 0, ...(status ? { trafficStatus: { ...status, filter: applied } } : {}) });
        return true;
      } catch (error) {
        set({ trafficError: toSerializedError(error) });
        return false;
      }
    },

    setTrafficPaused(paused) {
      set(paused ? { trafficPaused: true } : { trafficPaused: false, trafficMissed: 0 });
    },

    clearTrafficTail() {
      set({ trafficTail: [], trafficMissed: 0 });
    },

    async inspectTraffic(id) {
      set({ trafficSelectedId: id, trafficDetail: null, trafficDetailError: null });
      if (id === null) return;
      try {
        const detail = await client.call('getTrafficMessage', { id });
        if (get().trafficSelectedId === id) set({ trafficDetail: detail });
      } catch (error) {
        if (get().trafficSelectedId === id) set({ trafficDetailError: toSerializedError(error) });
      }
    },
  };
}

function prependTail(tail: TrafficTailEntry[], batch: TrafficTailEntry[]): TrafficTailEntry[] {
  const newest = batch.length > TAIL_LIMIT ? batch.slice(-TAIL_LIMIT) : batch;
  return [...[...newest].reverse(), ...tail].slice(0, TAIL_LIMIT);
}

function appendRates(rates: TrafficRatePoint[], points: TrafficRatePoint[]): TrafficRatePoint[] {
  const last = rates[rates.length - 1];
  const fresh = last === undefined ? points : points.filter((point) => point.at > last.at);
  return [...rates, ...fresh].slice(-RATE_HISTORY_LIMIT);
}

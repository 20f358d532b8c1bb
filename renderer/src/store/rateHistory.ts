import type { ClusterOverview } from '../../../node-runtime/contract/index.js';
import type { RateSample } from './storeTypes.js';

/** Samples kept per node (about a minute at one overview per second). */
export const HISTORY_LIMIT = 60;

/**
 * Appends each node's msgs/s sample from an overview. A sample is taken once (same sampledAt is
 * skipped), nodes without stats get none, and nodes that left the overview lose their history.
 */
export function appendRateSamples(
  history: Record<string, RateSample[]>,
  overview: ClusterOverview,
  limit = HISTORY_LIMIT,
): Record<string, RateSample[]> {
  const next: Record<string, RateSample[]> = {};
  for (const node of overview.nodes) {
    const previous = history[node.id] ?? [];
    const stats = node.stats;
    const last = previous[previous.length - 1];
    if (stats === null || (last !== undefined && last.at >= stats.sampledAt)) {
      next[node.id] = previous;
      continue;
    }
    const sample: RateSample = { at: stats.sampledAt, msgsIn: stats.msgsInPerSec, msgsOut: stats.msgsOutPerSec };
    next[node.id] = [...previous, sample].slice(-limit);
  }
  return next;
}

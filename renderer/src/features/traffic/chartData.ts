/** Turns the per-second rate points into chart rows (pure, tested without a DOM). */
import type { TrafficRatePoint } from '../../../../node-runtime/contract/index.js';
import type { SeriesPoint } from '../../components/index.js';

export function classRows(rates: readonly TrafficRatePoint[], field: 'byClass' | 'bytesByClass'): SeriesPoint[] {
  return rates.map((point) => ({ at: point.at, ...point[field] }) as SeriesPoint);
}

/** Every node seen in the window, sorted by name (so a node keeps its colour). */
export function nodesOf(rates: readonly TrafficRatePoint[]): string[] {
  const nodes = new Set<string>();
  for (const point of rates) for (const node of Object.keys(point.byNode)) nodes.add(node);
  return [...nodes].sort();
}

/** One column per node, zero where a node sent nothing that second. */
export function nodeRows(rates: readonly TrafficRatePoint[], nodes: readonly string[]): SeriesPoint[] {
  return rates.map((point) => {
    const row: SeriesPoint = { at: point.at } as SeriesPoint;
    for (const node of nodes) row[nodeKey(node)] = point.byNode[node] ?? 0;
    return row;
  });
}

/** recharts reads dataKey paths with dots as nested fields: node ids may contain dots. */
export function nodeKey(node: string): string {
  return `n:${node.replaceAll('.', '_')}`;
}

export function lastRate(rates: readonly TrafficRatePoint[]): number {
  return rates[rates.length - 1]?.msgs ?? 0;
}

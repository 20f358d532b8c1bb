/* @jsxRuntime automatic */
import { chartPalette, formatBytes, formatRate, seriesColor, StackedRateChart } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { TRAFFIC_CLASSES } from '../../../../node-runtime/contract/index.js';
import { classRows, lastRate, nodeKey, nodeRows, nodesOf } from './chartData.js';

const CLASS_NAMES = { p2p: 'P2P', group: 'group', membership: 'membership', system: 'system', other: 'other' } as const;

/** Axis labels: "586K", "1.7M" (the tooltip keeps "585.9 KiB"). */
function compactBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)}M`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)}K`;
  return String(Math.round(bytes));
}

/** msgs/s per subject class and per publishing node, and bytes/s per class, over two minutes. */
export function TrafficCharts() {
  const rates = useConsole((state) => state.trafficRates);
  const theme = useConsole((state) => state.theme);
  const palette = chartPalette(theme);
  if (rates.length === 0) {
    return <p className="muted traffic-charts-empty">The charts fill once a second while the tap runs.</p>;
  }
  // Classes never seen in the window stay out of the legend (colours stay tied to the class).
  const classSeries = TRAFFIC_CLASSES.map((cls, index) => ({ key: cls, name: CLASS_NAMES[cls], color: seriesColor(theme, index) })).filter(
    (series, index) => index === 0 || rates.some((point) => point.byClass[series.key as keyof typeof CLASS_NAMES] > 0),
  );
  const nodes = nodesOf(rates);
  const nodeSeries = nodes.map((node, index) => ({ key: nodeKey(node), name: node === '?' ? 'unknown node' : node, color: seriesColor(theme, index) }));
  return (
    <div className="traffic-charts" data-testid="traffic-charts" data-points={rates.length} data-last-rate={lastRate(rates)}>
      <StackedRateChart points={classRows(rates, 'byClass')} series={classSeries} palette={palette} label="Messages per second by subject class" unit="msg/s" format={formatRate} />
      <StackedRateChart points={nodeRows(rates, nodes)} series={nodeSeries} palette={palette} label="Messages per second by publishing node" unit="msg/s" format={formatRate} />
      <StackedRateChart points={classRows(rates, 'bytesByClass')} series={classSeries} palette={palette} label="Bytes per second by subject class" unit="/s" format={formatBytes} axisFormat={compactBytes} axisWidth={52} />
    </div>
  );
}

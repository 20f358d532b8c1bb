/* @jsxRuntime automatic */
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPalette } from './palette.js';

export interface LatencyPoint {
  /** Seconds since the run started (one decimal). */
  second: number;
  p50: number;
  p90: number;
  p99: number;
}

/** p99 is drawn in the error colour of both themes. */
const P99 = '#e5534b';

/** Delivery latency percentiles per second of a run (ms). Plain data in, no store. */
export function LatencyChart({ points, palette, width = 760, height = 220 }: { points: LatencyPoint[]; palette: ChartPalette; width?: number; height?: number }) {
  if (points.length === 0) return <p className="muted">The chart fills once a second while a blast runs.</p>;
  return (
    <figure className="chart" aria-label="Delivery latency percentiles per second">
      <LineChart width={width} height={height} data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" />
        <XAxis dataKey="second" type="number" domain={['dataMin', 'dataMax']} stroke={palette.axis} tickFormatter={(value: number) => `${value} s`} minTickGap={30} />
        <YAxis stroke={palette.axis} width={64} tickFormatter={(value: number) => `${value} ms`} />
        <Tooltip contentStyle={{ background: palette.tooltipBg, borderColor: palette.grid, color: palette.tooltipText }} labelFormatter={(label) => `${String(label)} s`} formatter={(value) => `${Number(value).toFixed(2)} ms`} />
        <Legend />
        <Line type="monotone" dataKey="p50" name="p50" stroke={palette.msgsIn} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="p90" name="p90" stroke={palette.msgsOut} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="p99" name="p99" stroke={P99} dot={false} isAnimationActive={false} />
      </LineChart>
    </figure>
  );
}

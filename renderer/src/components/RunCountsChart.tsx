/* @jsxRuntime automatic */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPalette } from './palette.js';

export interface RunCountPoint {
  /** Seconds since the run started. */
  t: number;
  sent: number;
  acknowledged: number;
  delivered: number;
  lost: number;
}

/** Cumulative message counts of a failover run, with a dashed line at each node action. Plain data in. */
export function RunCountsChart({ points, markers, palette, width = 640, height = 220 }: { points: RunCountPoint[]; markers: { t: number; label: string }[]; palette: ChartPalette; width?: number; height?: number }) {
  if (points.length === 0) return <p className="muted">The chart fills once a second while the run goes.</p>;
  return (
    <figure className="chart" aria-label="Messages sent, acknowledged, delivered and lost during the run">
      <LineChart width={width} height={height} data={points} margin={{ top: 16, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" />
        <XAxis dataKey="t" type="number" domain={[0, 'dataMax']} unit=" s" stroke={palette.axis} allowDecimals={false} />
        <YAxis stroke={palette.axis} width={52} allowDecimals={false} />
        <Tooltip contentStyle={{ background: palette.tooltipBg, borderColor: palette.grid, color: palette.tooltipText }} labelFormatter={(label) => `${String(label)} s`} />
        <Legend />
        {markers.map((marker) => (
          <ReferenceLine key={`${marker.t}-${marker.label}`} x={marker.t} stroke="#cf222e" strokeDasharray="4 3" label={{ value: marker.label, position: 'top', fill: palette.axis, fontSize: 11 }} />
        ))}
        <Line type="monotone" dataKey="sent" stroke={palette.msgsIn} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="acknowledged" stroke="#1a7f37" dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="delivered" stroke={palette.msgsOut} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="lost" stroke="#cf222e" dot={false} isAnimationActive={false} />
      </LineChart>
    </figure>
  );
}

/* @jsxRuntime automatic */
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock, formatRate } from './format.js';
import type { ChartPalette } from './palette.js';

export interface RatePoint {
  at: number;
  msgsIn: number;
  msgsOut: number;
}

/** msgs/s in and out over time (the last samples of one node). Plain data in, no store. */
export function RateChart({ samples, palette, width = 420, height = 180 }: { samples: RatePoint[]; palette: ChartPalette; width?: number; height?: number }) {
  if (samples.length === 0) {
    return <p className="muted">No samples yet: the chart fills as overview updates arrive.</p>;
  }
  return (
    <figure className="chart" aria-label="Messages per second, in and out">
      <LineChart width={width} height={height} data={samples} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" />
        <XAxis dataKey="at" tickFormatter={formatClock} stroke={palette.axis} minTickGap={40} />
        <YAxis stroke={palette.axis} tickFormatter={formatRate} width={44} allowDecimals={false} />
        <Tooltip contentStyle={{ background: palette.tooltipBg, borderColor: palette.grid, color: palette.tooltipText }} labelFormatter={(label) => formatClock(Number(label))} formatter={(value) => `${formatRate(Number(value))} msg/s`} />
        <Legend />
        <Line type="monotone" dataKey="msgsIn" name="in" stroke={palette.msgsIn} dot={false} isAnimationActive={false} />
        <Line type="monotone" dataKey="msgsOut" name="out" stroke={palette.msgsOut} dot={false} isAnimationActive={false} />
      </LineChart>
    </figure>
  );
}

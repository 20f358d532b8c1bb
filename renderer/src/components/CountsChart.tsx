/* @jsxRuntime automatic */
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartPalette } from './palette.js';

export interface CountPoint {
  nodeId: string;
  count: number;
}

/** Users online per node. Plain data in, no store. */
export function CountsChart({ data, palette, width = 420, height = 180 }: { data: CountPoint[]; palette: ChartPalette; width?: number; height?: number }) {
  return (
    <figure className="chart" aria-label="Users online per node">
      <BarChart width={width} height={height} data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="nodeId" stroke={palette.axis} />
        <YAxis stroke={palette.axis} allowDecimals={false} width={44} />
        <Tooltip contentStyle={{ background: palette.tooltipBg, borderColor: palette.grid, color: palette.tooltipText }} formatter={(value) => [`${String(value)} online`, 'users']} />
        <Bar dataKey="count" name="users online" fill={palette.bar} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}

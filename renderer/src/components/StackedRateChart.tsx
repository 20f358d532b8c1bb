/* @jsxRuntime automatic */
import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { formatClock } from './format.js';
import type { ChartPalette } from './palette.js';

export interface ChartSeries {
  key: string;
  name: string;
  color: string;
}

/** A row per sample time: `at` plus one number per series key. */
export type SeriesPoint = { at: number } & Record<string, number>;

/**
 * Stacked areas over time, one per series (e.g. msgs/s per subject class or per node). Plain data
 * in, no store; straight segments and no animation, so a redraw costs little.
 */
export function StackedRateChart({
  points,
  series,
  palette,
  label,
  unit,
  format,
  width = 392,
  height = 190,
  axisWidth = 48,
  axisFormat = format,
}: {
  points: SeriesPoint[];
  series: ChartSeries[];
  palette: ChartPalette;
  label: string;
  unit: string;
  format: (value: number) => string;
  width?: number;
  height?: number;
  /** Room for the y-axis labels (wider for "2.9 KiB" than for "12"). */
  axisWidth?: number;
  /** Shorter labels for the y-axis than the tooltip's (default: `format`). */
  axisFormat?: (value: number) => string;
}) {
  return (
    <figure className="chart" aria-label={label}>
      <figcaption className="chart-caption">{label}</figcaption>
      <AreaChart width={width} height={height} data={points} margin={{ top: 8, right: 14, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" />
        <XAxis dataKey="at" tickFormatter={formatClock} stroke={palette.axis} minTickGap={40} />
        <YAxis stroke={palette.axis} tickFormatter={axisFormat} width={axisWidth} allowDecimals={false} />
        <Tooltip
          contentStyle={{ background: palette.tooltipBg, borderColor: palette.grid, color: palette.tooltipText }}
          labelFormatter={(value) => formatClock(Number(value))}
          formatter={(value) => `${format(Number(value))} ${unit}`}
        />
        <Legend />
        {series.map((entry) => (
          <Area key={entry.key} type="linear" dataKey={entry.key} name={entry.name} stackId="1" stroke={entry.color} fill={entry.color} fillOpacity={0.35} isAnimationActive={false} />
        ))}
      </AreaChart>
    </figure>
  );
}

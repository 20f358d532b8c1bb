/** Presentational pieces: props in, markup out; no store, no transport. */
export { CountsChart, type CountPoint } from './CountsChart.js';
export { EmptyState } from './EmptyState.js';
export { ErrorState, type ErrorLike } from './ErrorState.js';
export { formatAgo, formatBytes, formatClock, formatDuration, formatRate } from './format.js';
export { chartPalette, type ChartPalette } from './palette.js';
export { RateChart, type RatePoint } from './RateChart.js';
export { RunCountsChart, type RunCountPoint } from './RunCountsChart.js';
export { HopTimeline, type TimelineHop } from './HopTimeline.js';
export { LatencyChart, type LatencyPoint } from './LatencyChart.js';
export { BACKEND_TONE, HEALTH_TONE, StatusBadge, type Tone } from './StatusBadge.js';
export { seriesColor } from './seriesPalette.js';
export { StackedRateChart, type ChartSeries, type SeriesPoint } from './StackedRateChart.js';

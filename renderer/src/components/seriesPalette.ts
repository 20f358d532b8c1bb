/** Distinct series colours per theme for multi-series charts (readable on either background). */
const LIGHT = ['#0b62c4', '#b45309', '#1a7f37', '#8250df', '#cf222e', '#0e7490', '#6e7781', '#bf3989'];
const DARK = ['#6cb6ff', '#f0a35e', '#3fb950', '#c297ff', '#ff7b72', '#39c5cf', '#9da7b3', '#f778ba'];

export function seriesColor(theme: 'light' | 'dark', index: number): string {
  const colors = theme === 'dark' ? DARK : LIGHT;
  return colors[index % colors.length] as string;
}

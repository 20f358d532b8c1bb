/** Chart colours per theme (recharts takes colours as props; the page itself uses CSS variables). */
export interface ChartPalette {
  msgsIn: string;
  msgsOut: string;
  bar: string;
  grid: string;
  axis: string;
  tooltipBg: string;
  tooltipText: string;
}

export function chartPalette(theme: 'light' | 'dark'): ChartPalette {
  return theme === 'dark'
    ? { msgsIn: '#6cb6ff', msgsOut: '#f0a35e', bar: '#6cb6ff', grid: '#30363d', axis: '#9da7b3', tooltipBg: '#161b22', tooltipText: '#e6edf3' }
    : { msgsIn: '#0b62c4', msgsOut: '#b45309', bar: '#0b62c4', grid: '#d8dee4', axis: '#57606a', tooltipBg: '#ffffff', tooltipText: '#1f2328' };
}

/**
 * Charts as plain SVG text for the self-contained HTML report: no script, no external file, every
 * label escaped. Line charts over time (seconds) with vertical markers for the scenario's actions,
 * and a horizontal bar chart (reconnect time per user).
 */
export interface Series {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
}

export interface Marker {
  x: number;
  label: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const PAD = { left: 56, right: 16, top: 24, bottom: 36 };

export function lineChart(options: { title: string; series: readonly Series[]; markers?: readonly Marker[]; width?: number; height?: number; yLabel: string }): string {
  const width = options.width ?? 760;
  const height = options.height ?? 260;
  const all = options.series.flatMap((series) => series.points);
  const maxX = Math.max(1, ...all.map(([x]) => x), ...(options.markers ?? []).map((marker) => marker.x));
  const maxY = niceMax(Math.max(1, ...all.map(([, y]) => y)));
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (x / maxX) * innerW;
  const sy = (y: number) => PAD.top + innerH - (y / maxY) * innerH;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const value = (maxY * i) / 4;
    const y = sy(value).toFixed(1);
    parts.push(`<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y}" y2="${y}" class="grid"/>`, `<text x="${PAD.left - 6}" y="${y}" class="tick" text-anchor="end" dominant-baseline="middle">${formatNumber(value)}</text>`);
  }
  for (let i = 0; i <= 6; i++) {
    const value = (maxX * i) / 6;
    parts.push(`<text x="${sx(value).toFixed(1)}" y="${height - PAD.bottom + 16}" class="tick" text-anchor="middle">${formatNumber(value)} s</text>`);
  }
  for (const marker of options.markers ?? []) {
    const x = sx(marker.x).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${PAD.top}" y2="${height - PAD.bottom}" class="marker"/>`, `<text x="${x}" y="${PAD.top - 6}" class="marker-label" text-anchor="middle">${escapeHtml(marker.label)}</text>`);
  }
  for (const series of options.series) {
    if (series.points.length === 0) continue;
    const d = series.points.map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${safeColor(series.color)}" stroke-width="2"><title>${escapeHtml(series.name)}</title></path>`);
  }
  const legend = options.series
    .map((series, index) => `<g transform="translate(${PAD.left + index * 150},${height - 8})"><rect width="10" height="10" y="-9" fill="${safeColor(series.color)}"/><text x="14" class="tick">${escapeHtml(series.name)}</text></g>`)
    .join('');
  return figure(options.title, width, height, parts.join('') + legend, options.yLabel);
}

export function barChart(options: { title: string; bars: readonly { label: string; value: number | null }[]; unit: string; width?: number }): string {
  const width = options.width ?? 760;
  const rowH = 20;
  const height = PAD.top + Math.max(1, options.bars.length) * rowH + 12;
  const labelW = 160;
  const maxV = niceMax(Math.max(1, ...options.bars.map((bar) => bar.value ?? 0)));
  const innerW = width - labelW - 80;
  const rows = options.bars.map((bar, index) => {
    const y = PAD.top + index * rowH;
    const w = bar.value === null ? 0 : Math.max(1, (bar.value / maxV) * innerW);
    const text = bar.value === null ? 'never' : `${formatNumber(bar.value)} ${options.unit}`;
    return `<text x="${labelW - 6}" y="${y + 13}" class="tick" text-anchor="end">${escapeHtml(bar.label)}</text><rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" class="bar"/><text x="${(labelW + w + 6).toFixed(1)}" y="${y + 13}" class="tick">${escapeHtml(text)}</text>`;
  });
  return figure(options.title, width, height, rows.join(''), options.unit);
}

function figure(title: string, width: number, height: number, body: string, yLabel: string): string {
  return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(`${title} (${yLabel})`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg></figure>`;
}

function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Colors come from our own palette, but the report must never carry markup from a value. */
function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : '#888888';
}

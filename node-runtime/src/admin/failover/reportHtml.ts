/**
 * The QA report as one self-contained HTML page: inline CSS, inline SVG charts, no script and no
 * external resource (a CSP meta tag forbids both), every value escaped. It opens from a file.
 */
import type { QaReport } from '../../../contract/index.js';
import { barChart, escapeHtml, lineChart, type Marker } from './svgCharts.js';

const COLORS = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:820px;color:#1f2937;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:2rem 0 .5rem;border-bottom:1px solid #e5e7eb}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #f1f5f9;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.verdict{display:inline-block;padding:.2rem .6rem;border-radius:4px;font-weight:600;color:#fff}
.pass{background:#16a34a}.fail{background:#dc2626}.muted{color:#6b7280}
.chart{margin:1rem 0}.chart figcaption{font-weight:600;margin-bottom:.25rem}
.grid{stroke:#e5e7eb}.tick{font-size:11px;fill:#4b5563}.marker{stroke:#dc2626;stroke-dasharray:4 3}
.marker-label{font-size:11px;fill:#dc2626}.bar{fill:#2563eb}
.kind{font-family:ui-monospace,monospace;font-size:12px}
`;

export function renderReportHtml(report: QaReport): string {
  const markers: Marker[] = report.convergence.map((entry) => ({ x: entry.at / 1000, label: `${entry.action} ${entry.nodeId}` }));
  const seconds = (t: number) => t / 1000;
  const counters = lineChart({
    title: 'Messages (cumulative)',
    yLabel: 'messages',
    markers,
    series: [
      { name: 'sent', color: COLORS[0] as string, points: report.samples.map((sample) => [seconds(sample.t), sample.sent]) },
      { name: 'acknowledged', color: COLORS[1] as string, points: report.samples.map((sample) => [seconds(sample.t), sample.acknowledged]) },
      { name: 'delivered', color: COLORS[2] as string, points: report.samples.map((sample) => [seconds(sample.t), sample.delivered]) },
      { name: 'lost', color: COLORS[3] as string, points: report.samples.map((sample) => [seconds(sample.t), sample.lost]) },
    ],
  });
  const nodes = [...new Set(report.samples.flatMap((sample) => Object.keys(sample.presence)))].sort();
  const presence = lineChart({
    title: 'Users online per node (presence)',
    yLabel: 'users',
    markers,
    series: nodes.map((node, index) => ({ name: node, color: COLORS[index % COLORS.length] as string, points: report.samples.map((sample) => [seconds(sample.t), sample.presence[node] ?? 0] as const) })),
  });
  const reconnects = report.convergence.flatMap((entry) => entry.reconnects);
  const reconnectChart = reconnects.length
    ? barChart({ title: 'Time for each user to reconnect', unit: 'ms', bars: reconnects.map((item) => ({ label: `${item.user} (${item.fromNode} → ${item.toNode ?? '—'})`, value: item.ms })) })
    : '<p class="muted">No client had to reconnect.</p>';
  const c = report.counts;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Failover report: ${escapeHtml(report.scenario.name)}</title>
<style>${STYLE}</style></head>
<body data-report-id="${escapeHtml(report.id)}" data-verdict="${report.verdict}">
<h1>Failover report: ${escapeHtml(report.scenario.name)}</h1>
<p><span class="verdict ${report.verdict}" id="verdict">${report.verdict.toUpperCase()}</span>
<span class="muted">${escapeHtml(report.mode)} · ${escapeHtml(new Date(report.startedAt).toISOString())} · ${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s · run ${escapeHtml(report.state)} · report ${escapeHtml(report.id)}</span></p>
<p>${escapeHtml(report.scenario.description)}</p>
${report.problems.length ? `<ul id="problems">${report.problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul>` : ''}
<h2>Counts</h2>
<table id="counts"><tr><th class="num">sent</th><th class="num">acknowledged</th><th class="num">delivered</th><th class="num">duplicated</th><th class="num">lost</th><th class="num">latency p50 / p90 / p99 / max</th></tr>
<tr><td class="num">${c.sent}</td><td class="num">${c.acknowledged}</td><td class="num">${c.delivered}</td><td class="num" data-count="duplicated">${c.duplicated}</td><td class="num" data-count="lost">${c.lost}</td>
<td class="num">${report.latencyMs ? `${report.latencyMs.p50} / ${report.latencyMs.p90} / ${report.latencyMs.p99} / ${report.latencyMs.max} ms` : '—'}</td></tr></table>
<h2>Charts</h2>
${counters}
${presence}
${reconnectChart}
<h2>Convergence</h2>
<table id="convergence"><tr><th>at</th><th>action</th><th class="num">users on node</th><th class="num">registry</th><th class="num">presence</th><th class="num">clients reconnected</th></tr>
${report.convergence.map((entry) => `<tr><td>${(entry.at / 1000).toFixed(1)} s</td><td>${escapeHtml(`${entry.action} ${entry.nodeId}`)}</td><td class="num">${entry.usersOnNode}</td><td class="num">${ms(entry.registryMs)}</td><td class="num">${entry.action === 'restart' ? '—' : ms(entry.presenceMs)}</td><td class="num">${reconnectSummary(entry.reconnects.map((item) => item.ms))}</td></tr>`).join('\n')}
</table>
<h2>Scenario</h2>
<table><tr><th>at</th><th>step</th></tr>${report.scenario.steps.map((step) => `<tr><td>${step.at} s</td><td>${escapeHtml(stepText(step))}</td></tr>`).join('')}</table>
<h2>Timeline</h2>
<table id="timeline"><tr><th>t</th><th>source</th><th>event</th></tr>
${report.timeline.map((entry) => `<tr><td>${(entry.t / 1000).toFixed(2)} s</td><td class="kind">${escapeHtml(entry.kind)}</td><td>${escapeHtml(entry.text)}</td></tr>`).join('\n')}
</table>
</body></html>
`;
}

function ms(value: number | null): string {
  return value === null ? 'never' : `${value} ms`;
}

function reconnectSummary(values: (number | null)[]): string {
  if (values.length === 0) return '—';
  const done = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (done.length === 0) return `0 of ${values.length}`;
  return `${done.length} of ${values.length}, ${done[0]}–${done.at(-1)} ms`;
}

function stepText(step: QaReport['scenario']['steps'][number]): string {
  if (step.action === 'blast-start') return `blast ${step.ratePerSec} msg/s between ${step.users} users`;
  if (step.action === 'blast-stop') return 'blast stops';
  return `${step.action} ${step.nodeId}`;
}

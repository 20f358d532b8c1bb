/**
 * Draws the chart of bench/README.md from a results file:
 *   npx tsx bench/chart.ts [bench/full-run.json] [bench/chart.svg]
 * Left: throughput of each scenario (log scale). Right: P2P latency p50 and p99 at each offered
 * load (log scale). Below: the targets of the run, met or missed. Plain SVG, no dependencies.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface Scenario {
  name: string;
  status?: string;
  throughput_msgs_per_s: number | null;
  [key: string]: unknown;
}
interface Target {
  target: string;
  value: number | null;
  limit: number;
  met: boolean | null;
}
interface Run {
  machine: Record<string, unknown>;
  mode: string;
  scenarios: Scenario[];
  targets: Target[];
}

const input = process.argv[2] ?? new URL('./full-run.json', import.meta.url).pathname;
const output = process.argv[3] ?? new URL('./chart.svg', import.meta.url).pathname;
const run = JSON.parse(readFileSync(input, 'utf8')) as Run;

const W = 960;
const parts: string[] = [];
const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x: number, y: number, body: string, attrs = '') => parts.push(`<text x="${x}" y="${y}" ${attrs}>${esc(body)}</text>`);
const fmt = (value: number) => (value >= 100 ? Math.round(value).toLocaleString('en-US') : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const colors: Record<string, string> = {
  'nats-floor': '#6b7280',
  'p2p-cross-node': '#2563eb',
  'socketio-redis-peer': '#f59e0b',
  'group-fanout': '#10b981',
};

// Left panel: throughput, log scale.
text(20, 40, 'Throughput, msgs/s (group-fanout: deliveries/s), log scale', 'font-weight="bold"');
const bars = run.scenarios.filter((s) => typeof s.throughput_msgs_per_s === 'number' && (s.throughput_msgs_per_s ?? 0) > 0);
const left = { x: 170, y: 70, w: 280, h: Math.max(220, bars.length * 50 - 10) };
const maxLog = Math.ceil(Math.log10(Math.max(10, ...bars.map((s) => s.throughput_msgs_per_s as number))));
const xOf = (value: number) => left.x + (Math.log10(Math.max(1, value)) / maxLog) * left.w;
for (let decade = 0; decade <= maxLog; decade++) {
  const x = left.x + (decade / maxLog) * left.w;
  parts.push(`<line x1="${x}" y1="${left.y - 10}" x2="${x}" y2="${left.y + left.h}" stroke="#e5e7eb"/>`);
  text(x, left.y + left.h + 16, decade === 0 ? '1' : `1e${decade}`, 'font-size="11" text-anchor="middle" fill="#6b7280"');
}
bars.forEach((s, i) => {
  const y = left.y + i * 50;
  const value = s.throughput_msgs_per_s as number;
  parts.push(`<rect x="${left.x}" y="${y}" width="${xOf(value) - left.x}" height="30" fill="${colors[s.name] ?? '#9ca3af'}"/>`);
  text(left.x - 8, y + 20, s.name, 'font-size="12" text-anchor="end"');
  text(xOf(value) + 6, y + 20, fmt(value), 'font-size="12"');
});

// Right panel: p50/p99 at each offered load, log scale (ms).
const right = { x: 560, y: 70, w: 370, h: 220 };
text(520, 40, 'P2P latency by offered load, ms, log (p50 solid, p99 light)', 'font-weight="bold"');
const p2pNames = ['nats-floor', 'p2p-cross-node', 'socketio-redis-peer'];
const loads = ['1k', '5k', '20k'];
const values = p2pNames.flatMap((name) => loads.flatMap((load) => ['p50', 'p99'].map((p) => run.scenarios.find((s) => s.name === name)?.[`${p}_ms_at_${load}`]))).filter((v): v is number => typeof v === 'number' && v > 0);
const lo = Math.floor(Math.log10(Math.min(0.1, ...values)));
const hi = Math.ceil(Math.log10(Math.max(10, ...values)));
const yOf = (ms: number) => right.y + right.h - ((Math.log10(Math.max(10 ** lo, ms)) - lo) / (hi - lo)) * right.h;
for (let decade = lo; decade <= hi; decade++) {
  const y = yOf(10 ** decade);
  parts.push(`<line x1="${right.x}" y1="${y}" x2="${right.x + right.w}" y2="${y}" stroke="#e5e7eb"/>`);
  text(right.x - 6, y + 4, `${10 ** decade}`, 'font-size="11" text-anchor="end" fill="#6b7280"');
}
const groupWidth = right.w / loads.length;
loads.forEach((load, li) => {
  text(right.x + li * groupWidth + groupWidth / 2, right.y + right.h + 16, `${load} msgs/s`, 'font-size="12" text-anchor="middle"');
  p2pNames.forEach((name, ni) => {
    const s = run.scenarios.find((scenario) => scenario.name === name);
    const x = right.x + li * groupWidth + 14 + ni * 36;
    for (const [p, opacity] of [['p99', 0.35], ['p50', 1]] as const) {
      const v = s?.[`${p}_ms_at_${load}`];
      if (typeof v !== 'number' || !(v > 0)) continue;
      const y = yOf(v);
      parts.push(`<rect x="${x}" y="${y}" width="28" height="${right.y + right.h - y}" fill="${colors[name]}" fill-opacity="${opacity}"/>`);
      if (p === 'p50') text(x + 14, y - 3, fmt(v), 'font-size="9" text-anchor="middle"');
    }
  });
});
p2pNames.forEach((name, i) => {
  parts.push(`<rect x="${right.x + i * 130}" y="${right.y + right.h + 28}" width="10" height="10" fill="${colors[name]}"/>`);
  text(right.x + i * 130 + 14, right.y + right.h + 37, name, 'font-size="11"');
});

// Targets.
let y = Math.max(left.y + left.h, right.y + right.h + 40) + 50;
text(20, y, `Targets (${run.mode} run, ${String(run.machine['started_at'] ?? '')}, ${String(run.machine['cpus'])} × ${String(run.machine['cpu_model'])}, load average at start ${JSON.stringify(run.machine['loadavg_start'])})`, 'font-weight="bold"');
for (const t of run.targets) {
  y += 22;
  const mark = t.met === null ? '?' : t.met ? 'MET' : 'MISS';
  const color = t.met === null ? '#6b7280' : t.met ? '#059669' : '#dc2626';
  text(30, y, mark, `font-weight="bold" fill="${color}"`);
  text(90, y, `${t.target}: ${t.value === null ? '—' : fmt(t.value)} (limit ${fmt(t.limit)})`, 'font-size="13"');
}
const idle = run.scenarios.find((s) => s.name === 'idle-connections');
if (idle && idle.status === 'ok') {
  y += 30;
  text(20, y, `idle-connections: ${String(idle['connections'])} connections, ${String(idle['rss_bytes_per_conn'])} B RSS each, ${String(idle['logins_per_s'])} logins/s (default scrypt cost: ${String(idle['logins_per_s_default_scrypt'])}/s)`, 'font-size="13"');
}

const H = y + 30;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="13">
<rect width="100%" height="100%" fill="white"/>
${parts.join('\n')}
</svg>
`;
writeFileSync(output, svg);
process.stdout.write(`wrote ${output} from ${input}\n`);

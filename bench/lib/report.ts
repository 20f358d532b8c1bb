/** The table printed after a run, and the targets of issue 6 checked against one run's figures. */
import type { ScenarioResult } from './settings.js';

export interface TargetCheck {
  target: string;
  value: number | null;
  limit: number;
  met: boolean | null;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export function evaluateTargets(scenarios: ScenarioResult[], quick = false): TargetCheck[] {
  const get = (name: string, field: string) => num(scenarios.find((s) => s.name === name)?.[field]);
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
  const check = (target: string, value: number | null, limit: number, atLeast: boolean): TargetCheck => ({
    target,
    value,
    limit,
    met: value === null ? null : atLeast ? value >= limit : value <= limit,
  });
  const p2p = get('p2p-cross-node', 'throughput_msgs_per_s');
  const idleConnections = get('idle-connections', 'connections');
  return [
    check('p2p-cross-node / socketio-redis-peer throughput', ratio(p2p, get('socketio-redis-peer', 'throughput_msgs_per_s')), 2, true),
    check('p2p-cross-node / nats-floor throughput', ratio(p2p, get('nats-floor', 'throughput_msgs_per_s')), 0.25, true),
    check('p2p-cross-node p50 at 5k / nats-floor p50 at 5k', ratio(get('p2p-cross-node', 'p50_ms_at_5k'), get('nats-floor', 'p50_ms_at_5k')), 3, false),
    check('p2p-cross-node p99 at 5k (ms)', get('p2p-cross-node', 'p99_ms_at_5k'), 5, false),
    check('group-fanout deliveries/s', get('group-fanout', 'deliveries_per_s'), 200_000, true),
    // A quick run opens 2,000 connections on purpose: the count is only judged in a full run.
    quick ? { target: 'idle-connections connections on one node (full run only)', value: idleConnections, limit: 20_000, met: null } : check('idle-connections connections on one node', idleConnections, 20_000, true),
    // A quick run's 2,000 connections do not amortize the node's own growth (buffers, JIT code) over 20,000: judged in the full run only.
    quick
      ? { target: 'idle-connections RSS bytes per connection, 15 KB (full run only)', value: get('idle-connections', 'rss_bytes_per_conn'), limit: 15_000, met: null }
      : check('idle-connections RSS bytes per connection (15 KB)', get('idle-connections', 'rss_bytes_per_conn'), 15_000, false),
  ];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isFinite(value) ? (Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : String(value)) : '—';
  return String(value);
}

export function formatTable(record: { scenarios: ScenarioResult[]; targets: TargetCheck[]; machine: Record<string, unknown>; mode: string }): string {
  const rows: string[][] = [['scenario', 'msgs/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'notes']];
  for (const s of record.scenarios) {
    let notes = '';
    if (s.status && s.status !== 'ok') notes = `${s.status}: ${s.reason ?? ''}`;
    else if (s.name === 'idle-connections') notes = `${cell(s['connections'])} conns, ${cell(s['rss_bytes_per_conn'])} B RSS/conn, ${cell(s['logins_per_s'])} logins/s (default scrypt: ${cell(s['logins_per_s_default_scrypt'])}/s)`;
    else if (s.name === 'group-fanout') notes = `deliveries/s; p50/p99 = to the last of ${cell(s['members'])} members`;
    else if ('p50_ms_at_5k' in s) notes = `at 5k: p50 ${cell(s['p50_ms_at_5k'])} / p99 ${cell(s['p99_ms_at_5k'])}; 1k: ${cell(s['p50_ms_at_1k'])}/${cell(s['p99_ms_at_1k'])}; 20k: ${cell(s['p50_ms_at_20k'])}/${cell(s['p99_ms_at_20k'])}`;
    else if (s.name === 'console-tap') notes = Object.entries(s).filter(([key]) => !['name', 'status', 'throughput_msgs_per_s', 'p50_ms', 'p99_ms', 'p999_ms', 'seconds', 'loadavg_after'].includes(key)).map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`).join(' ').slice(0, 160);
    rows.push([s.name, cell(s.throughput_msgs_per_s), cell(s.p50_ms), cell(s.p99_ms), cell(s.p999_ms), notes]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((value, column) => (column === 0 || column === 5 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!))).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  lines.push('', 'targets (this run):');
  for (const t of record.targets) lines.push(`  ${t.met === null ? '?   ' : t.met ? 'MET ' : 'MISS'}  ${t.target}: ${cell(t.value)} (limit ${cell(t.limit)})`);
  lines.push('', `machine: ${cell(record.machine['cpus'])} × ${cell(record.machine['cpu_model'])}, ${cell(record.machine['memory_gib'])} GiB, ${cell(record.machine['node'])}; load average start ${JSON.stringify(record.machine['loadavg_start'])} end ${JSON.stringify(record.machine['loadavg_end'])}; mode ${record.mode}`);
  return lines.join('\n');
}

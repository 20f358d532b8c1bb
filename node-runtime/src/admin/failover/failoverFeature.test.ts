/**
 * The Failover lab on the embedded sandbox (3 in-process nodes, real TCP lab clients, the Test
 * lab's blast): node control with a real in-process crash, a saved scenario that kills and
 * restarts a node under load, its report (JSON + self-contained HTML), and read-only refusals.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FailoverStatus, QaReport, ScenarioSpec } from '../../../contract/index.js';
import { FAST_HASHER } from '../../../test/helpers/testNode.js';
import { eventually } from '../../../test/helpers/waitFor.js';
import { silentLogger } from '../../common/logger.js';
import { DEFAULT_NODE_CONFIG } from '../../config/nodeConfig.js';
import { createAdminDispatcher } from '../adminDispatcher.js';
import { createConsoleAdmin, type ConsoleAdmin } from '../consoleAdmin.js';
import { ConsoleHost } from '../consoleHost.js';

const SCENARIO: ScenarioSpec = {
  name: 'quick kill',
  description: 'kill node-2 under load, restart it',
  durationSec: 9,
  steps: [
    { at: 0, action: 'blast-start', ratePerSec: 100, users: 8 },
    { at: 2, action: 'kill', nodeId: 'node-2' },
    { at: 6, action: 'restart', nodeId: 'node-2' },
    { at: 8, action: 'blast-stop' },
  ],
};

describe('FailoverFeature on the embedded sandbox', { timeout: 90_000 }, () => {
  let host: ConsoleHost;
  let admin: ConsoleAdmin;
  let dir: string;
  const pushes: FailoverStatus[] = [];

  before(async () => {
    dir = mkdtempSync(join(os.tmpdir(), 'failover-feature-'));
    host = new ConsoleHost({ node: { ...DEFAULT_NODE_CONFIG, port: 0, logLevel: 'silent', nodeTtlMs: 1500 }, sandboxNodes: 3, passwordHasher: FAST_HASHER });
    await host.start();
    admin = createConsoleAdmin(host, { logger: silentLogger, settings: { file: join(dir, 'settings.json'), source: 'defaults', startedWith: { nats: '', redis: '', consul: '', registry: '' } } });
    admin.on('failover', (status) => pushes.push(status));
  });
  after(async () => {
    await admin?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('kill crashes an in-process node: the registry TTL and the reaper notice; restart brings it back', async () => {
    const { failover } = admin;
    const status = await failover.handlers.getFailoverStatus(null);
    assert.deepEqual(status.nodes.map((node) => [node.id, node.route, node.actions.join(',')]), [
      ['node-1', 'in-process', 'drain,kill,restart'],
      ['node-2', 'in-process', 'drain,kill,restart'],
      ['node-3', 'in-process', 'drain,kill,restart'],
    ]);
    assert.equal(status.scenarios[0]?.name, 'kill-node-2', 'the default scenario is offered');
    await host.backends.presence.setOnline(4242, 'node-3');
    await failover.handlers.controlNode({ nodeId: 'node-3', action: 'kill' });
    const registry = await host.backends.registry.list();
    assert.equal(registry.find((node) => node.id === 'node-3')?.health, 'passing', 'a crash does not deregister: the registry still believes it');
    assert.deepEqual(await host.backends.presence.nodesOf(4242), ['node-3'], 'nor clean its presence');
    await eventually(() => host.backends.registry.list(), (nodes) => nodes.find((node) => node.id === 'node-3')?.health === 'critical', 5000, 'node-3 critical after its TTL');
    await eventually(() => host.backends.presence.nodesOf(4242), (nodes) => nodes.length === 0, 5000, 'node-3 reaped from presence');
    const down = await failover.handlers.getFailoverStatus(null);
    assert.deepEqual(down.nodes.find((node) => node.id === 'node-3'), { id: 'node-3', route: 'in-process', running: false, actions: ['restart'], note: 'killed by this console' });
    await assert.rejects(failover.handlers.controlNode({ nodeId: 'node-3', action: 'kill' }), /already down/);
    await failover.handlers.controlNode({ nodeId: 'node-3', action: 'restart' });
    await eventually(() => host.backends.registry.list(), (nodes) => nodes.find((node) => node.id === 'node-3')?.health === 'passing', 5000, 'node-3 passing again');
    await assert.rejects(failover.handlers.controlNode({ nodeId: 'node-9', action: 'drain' }), /no remote control|admin-secret/);
  });

  test('a saved scenario kills and restarts node-2 under a blast: nothing acknowledged is lost or duplicated', async () => {
    const { failover } = admin;
    await failover.handlers.saveScenario(SCENARIO);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'failover', 'scenarios.json'), 'utf8')).map((spec: ScenarioSpec) => spec.name), ['kill-node-2', 'quick kill']);
    await failover.handlers.runScenario({ name: 'quick kill' });
    await assert.rejects(failover.handlers.runScenario({ name: 'quick kill' }), /is running/);
    const run = failover.currentRun;
    assert.ok(run);
    const report: QaReport = await eventually(async () => run.report, (value) => value !== null, 60_000, 'the report').then((value) => value as QaReport);
    const { counts } = report;
    console.log(`sandbox scenario: ${JSON.stringify(counts)}; convergence ${JSON.stringify(report.convergence.map(({ reconnects, ...entry }) => ({ ...entry, reconnects: reconnects.map((item) => item.ms) })))}`);
    assert.ok(counts.acknowledged > 300, `acknowledged ${counts.acknowledged}`);
    assert.equal(counts.lost, 0);
    assert.equal(counts.delivered, counts.acknowledged, 'every acknowledged message was delivered');
    assert.equal(counts.duplicated, 0);
    assert.deepEqual(report.problems, []);
    assert.equal(report.verdict, 'pass');
    const [kill, restart] = report.convergence;
    assert.equal(kill?.action, 'kill');
    assert.ok(kill.registryMs !== null && kill.presenceMs !== null);
    assert.ok(kill.usersOnNode > 0, 'lab users were on node-2');
    assert.ok(kill.reconnects.length > 0 && kill.reconnects.every((item) => item.ms !== null && item.toNode !== 'node-2'), 'every client of node-2 reconnected elsewhere');
    assert.equal(restart?.action, 'restart');
    assert.ok(restart.registryMs !== null);
    for (const kind of ['control', 'registry', 'presence', 'scenario']) assert.ok(report.timeline.some((entry) => entry.kind === kind), `timeline has ${kind}`);
    assert.ok(report.samples.length >= 8);

    const html = await failover.handlers.getReport({ id: report.id, format: 'html' });
    assert.equal(html.mimeType, 'text/html');
    assert.ok(html.fileName.endsWith('.html'));
    assert.equal((html.content.match(/<svg /g) ?? []).length, 3, 'three charts');
    assert.ok(!/<script/i.test(html.content) && !/src="http/i.test(html.content), 'self-contained, no script');
    const json = await failover.handlers.getReport({ id: report.id, format: 'json' });
    assert.equal((JSON.parse(json.content) as QaReport).counts.lost, 0);
    assert.deepEqual(readdirSync(join(dir, 'failover', 'reports')).sort(), [`${report.id}.html`, `${report.id}.json`]);
    assert.ok(pushes.some((status) => status.run?.state === 'running'), 'the failover event showed the run going');
    await eventually(async () => pushes.at(-1), (status) => status?.reports[0]?.id === report.id && status.run?.reportId === report.id, 3000, 'a push with the report');
  });

  test('arguments are checked and mutating methods are refused in read-only mode', async () => {
    const dispatch = createAdminDispatcher(admin.handlers, { readOnly: true, logger: silentLogger });
    await assert.rejects(dispatch('controlNode', { nodeId: 'node-1', action: 'kill' }), (error: { code: string }) => error.code === 'READ_ONLY');
    await assert.rejects(dispatch('runScenario', { name: 'kill-node-2' }), (error: { code: string }) => error.code === 'READ_ONLY');
    assert.ok(((await dispatch('getFailoverStatus', null)) as FailoverStatus).scenarios.length >= 1, 'reading is allowed');
    const writable = createAdminDispatcher(admin.handlers, { readOnly: false, logger: silentLogger });
    const refusal = async (method: string, arg: unknown) => {
      try {
        await writable(method as never, arg as never);
      } catch (error) {
        return error as { code: string; message: string };
      }
      throw new Error(`${method} was accepted`);
    };
    assert.match((await refusal('controlNode', { nodeId: 'node-1', action: 'format' })).message, /action" must be one of drain, kill, restart/);
    assert.match((await refusal('saveScenario', { ...SCENARIO, steps: [{ at: 99, action: 'kill', nodeId: 'node-1' }] })).message, /step 1: field "at" must be a whole number from 0 to 9/);
    assert.match((await refusal('saveScenario', { ...SCENARIO, steps: [{ at: 0, action: 'blast-start', ratePerSec: 10, users: 3 }] })).message, /users" must be even/);
    assert.match((await refusal('saveScenario', { ...SCENARIO, name: '../etc' })).message, /field "name"/);
    assert.match((await refusal('saveScenario', { ...SCENARIO, steps: [{ at: 1, action: 'drain', nodeId: 'nats-1' }] })).message, /step 1: field "nodeId": nats-1 is a --local-cluster server: it can be killed or restarted, not drained/);
    assert.match((await refusal('getReport', { id: '../../x', format: 'html' })).message, /not a report id/);
    assert.equal((await refusal('runScenario', { name: 'nope' })).code, 'NOT_FOUND');
  });
});

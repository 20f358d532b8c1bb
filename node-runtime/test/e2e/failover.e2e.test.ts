/**
 * The Failover lab as a person uses it, in headless Chromium, against a real cluster: one NATS
 * server (JetStream), Redis, three chat node processes started with an admin secret, and the web
 * console (`npm run web`) joined to it with the same secret. The admin subject refuses unsigned,
 * wrongly signed, stale and replayed commands; a scripted scenario started from the UI kills
 * node-2 by signed command under a blast and ends with a report of zero lost and zero duplicated
 * acknowledged messages; the exported HTML report opens from a file and shows its charts. And what
 * a new user does first: `npm run web` with no servers, the default scenario, its report downloaded.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { QaReport, ScenarioSpec } from '../../contract/index.js';
import { signCommand } from '../../src/control/index.js';
import { startWebConsoleProcess, type WebConsoleProcess } from '../helpers/webConsoleProcess.js';
import { openBrowser, type BrowserSession } from '../helpers/browser.js';
import { startLocalCluster, type LocalCluster } from '../helpers/localCluster.js';
import { waitFor } from '../helpers/waitFor.js';

const SECRET = 'e2e-admin-secret-0123456789abcdef';

const SCENARIO: ScenarioSpec = {
  name: 'e2e kill node-2',
  description: 'Blast 100 msg/s for 12 s between 12 lab users; kill node-2 (a separate process) at 4 s.',
  durationSec: 12,
  steps: [
    { at: 0, action: 'blast-start', ratePerSec: 100, users: 12 },
    { at: 4, action: 'kill', nodeId: 'node-2' },
    { at: 12, action: 'blast-stop' },
  ],
};



describe('failover lab end to end: real 3-node cluster, web console, Chromium', { timeout: 240_000 }, () => {
  let cluster: LocalCluster;
  let web: WebConsoleProcess;
  let browser: BrowserSession;
  let nats: NatsConnection;
  let configDir: string;

  before(async () => {
    configDir = mkdtempSync(join(os.tmpdir(), 'failover-e2e-config-'));
    cluster = await startLocalCluster({ nodes: 0, natsServers: 1, nodeTtl: '3s' });
    for (const id of ['node-1', 'node-2', 'node-3']) await cluster.addNode(id, { extraArgs: ['--admin-secret', SECRET] });
    web = await startWebConsoleProcess(['--id', 'console', '--nats', cluster.natsUrls.join(','), '--redis', cluster.redisUrl, '--registry', 'nats', '--node-ttl', '3s', '--log-level', 'warn'], { env: {
      CHAT_ADMIN_SECRET: SECRET,
      CHAT_CONSOLE_CONFIG_DIR: configDir,
    } });
    nats = await connect({ servers: cluster.natsUrls });
    browser = await openBrowser();
  });
  after(async () => {
    await nats?.close();
    await browser?.close();
    await web?.stop();
    await cluster?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  test('admin.control.<node> refuses unsigned, wrongly signed, stale, replayed and misaddressed commands; the node keeps running', async () => {
    const ask = async (body: unknown) => {
      const reply = await nats.request('admin.control.node-3', new TextEncoder().encode(JSON.stringify(body)), { timeout: 3000 });
      return JSON.parse(new TextDecoder().decode(reply.data)) as { ok: boolean; error?: string };
    };
    const now = Date.now();
    const signed = signCommand(SECRET, 'node-3', 'restart', now);
    const { signature: _signature, ...unsigned } = signCommand(SECRET, 'node-3', 'kill', now);
    const refusals: [string, unknown, RegExp][] = [
      ['unsigned', unsigned, /not signed/],
      ['wrong secret', signCommand('not-the-cluster-secret-at-all', 'node-3', 'kill', now), /bad signature/],
      ['signed for node-1, sent to node-3', signCommand(SECRET, 'node-1', 'kill', now), /for node-1, not node-3/],
      ['stale', signCommand(SECRET, 'node-3', 'kill', now - 120_000), /stale/],
    ];
    for (const [name, body, reason] of refusals) {
      const reply = await ask(body);
      assert.equal(reply.ok, false, name);
      assert.match(reply.error ?? '', reason, name);
    }
    // A correctly signed restart is accepted as a command but a node process cannot restart itself…
    assert.match((await ask(signed)).error ?? '', /restart is not available on node-3/);
    // …and its nonce is spent: the same bytes again are a replay.
    assert.match((await ask(signed)).error ?? '', /replayed/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(cluster.nodes.find((node) => node.id === 'node-3')?.process.running, 'node-3 is still running');
    assert.match(readFileSync(cluster.nodes[2]!.logFile, 'utf8'), /control_refused/);
  });

  test('a scenario started from the UI kills node-2 under load; the report counts zero lost and zero duplicated; the HTML report shows its charts', async () => {
    const { page } = browser;
    await page.goto(web.url);
    await page.getByTestId('nav-failover').click();
    await page.getByTestId('failover-view').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('failover-remote').getAttribute('data-remote'), 'true');
    for (const id of ['node-1', 'node-2', 'node-3']) await page.locator(`[data-testid="failover-node-${id}"][data-running="true"]`).waitFor({ timeout: 20_000 });
    await page.getByTestId('node-kill-node-2').waitFor();

    // Write the scenario in the editor and save it.
    await page.getByTestId('edit-scenario').click();
    await page.getByTestId('scenario-json').fill(JSON.stringify(SCENARIO, null, 2));
    await page.getByTestId('save-scenario').click();
    await waitFor(async () => (await page.getByTestId('scenario-select').inputValue()) === SCENARIO.name, 10_000, 'the saved scenario selected');
    await browser.screenshot('failover-scenario-ready');

    // Run it: the button asks first.
    await page.getByTestId('run-scenario').click();
    await page.getByTestId('confirm-run-scenario').click();
    await page.locator('[data-testid="failover-run"][data-state="running"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="failover-timeline"] li[data-kind="registry"]', { hasText: 'node-2: passing → critical' }).waitFor({ timeout: 30_000 });
    await browser.screenshot('failover-run-node-killed');

    const run = page.locator('[data-testid="failover-run"]:not([data-report-id=""])');
    await run.waitFor({ timeout: 90_000 });
    const reportId = (await run.getAttribute('data-report-id')) as string;
    await page.getByTestId(`report-${reportId}`).waitFor({ timeout: 10_000 });
    await browser.screenshot('failover-report-ready');
    const report = JSON.parse((await web.call<{ content: string }>('getReport', { id: reportId, format: 'json' })).content) as QaReport;
    const kill = report.convergence[0];
    console.log(
      `failover e2e: ${JSON.stringify(report.counts)}; kill of node-2 (${kill?.usersOnNode} users on it): registry critical after ${kill?.registryMs} ms, presence converged after ${kill?.presenceMs} ms; reconnects ${JSON.stringify(kill?.reconnects.map((item) => `${item.user} ${item.fromNode}→${item.toNode} ${item.ms} ms`))}`,
    );
    assert.deepEqual(report.problems, []);
    assert.equal(await page.getByTestId(`report-${reportId}`).getAttribute('data-verdict'), 'pass');
    assert.equal(await page.getByTestId(`report-lost-${reportId}`).textContent(), '0');
    assert.equal(await page.getByTestId(`report-duplicated-${reportId}`).textContent(), '0');
    assert.ok(report.counts.acknowledged >= 500, `acknowledged ${report.counts.acknowledged}`);
    assert.equal(report.counts.delivered, report.counts.acknowledged, 'every acknowledged message was delivered once');
    assert.ok(kill && kill.registryMs !== null && kill.presenceMs !== null, 'registry and presence converged');
    assert.ok(kill.reconnects.length === kill.usersOnNode && kill.reconnects.every((item) => item.ms !== null && item.toNode !== 'node-2'), 'each user of node-2 reconnected elsewhere');
    assert.equal(cluster.nodes.find((node) => node.id === 'node-2')?.process.running, false, 'node-2 really died (SIGKILL)');

    // Download the HTML report as a user would, then open the file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-html-${reportId}`).click()]);
    const file = join(configDir, 'downloaded-report.html');
    await download.saveAs(file);
    assert.match(download.suggestedFilename(), /^failover-e2e_kill_node-2-.*\.html$/);
    const html = readFileSync(file, 'utf8');
    assert.ok(!/<script/i.test(html), 'no script in the report');
    const reportPage = await browser.context.newPage();
    await reportPage.goto(pathToFileURL(file).href);
    assert.equal(await reportPage.locator('#verdict').textContent(), 'PASS');
    assert.equal(await reportPage.locator('figure.chart svg').count(), 3, 'three charts');
    assert.ok((await reportPage.locator('figure.chart svg path').count()) >= 4, 'the lines are drawn');
    assert.equal(await reportPage.locator('#counts [data-count="lost"]').textContent(), '0');
    assert.ok((await reportPage.locator('#timeline tr').count()) > 5, 'the timeline is in the report');
    const box = await reportPage.locator('figure.chart svg').first().boundingBox();
    assert.ok(box && box.width > 300 && box.height > 100, 'the first chart is laid out');
    await reportPage.screenshot({ path: join(fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url)), 'failover-html-report.png'), fullPage: true });
    await reportPage.close();
  });
});

describe('failover lab on the embedded sandbox: npm run web with no servers, the default scenario', { timeout: 180_000 }, () => {
  let web: WebConsoleProcess;
  let browser: BrowserSession;
  let configDir: string;

  before(async () => {
    configDir = mkdtempSync(join(os.tmpdir(), 'failover-e2e-sandbox-'));
    web = await startWebConsoleProcess(['--log-level', 'warn'], { env: { CHAT_CONSOLE_CONFIG_DIR: configDir } });
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  test('the default scenario kills and restarts node-2 in the sandbox and its report downloads', async () => {
    const { page } = browser;
    await page.goto(web.url);
    await page.getByTestId('nav-failover').click();
    await page.locator('[data-testid="failover-node-node-2"][data-running="true"]').waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('scenario-select').inputValue(), 'kill-node-2');
    await page.getByTestId('run-scenario').click();
    await page.getByTestId('confirm-run-scenario').click();
    await page.locator('[data-testid="failover-node-node-2"][data-running="false"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="failover-timeline"] li[data-kind="registry"]', { hasText: 'node-2: passing → critical' }).waitFor({ timeout: 30_000 });
    await browser.screenshot('failover-sandbox-node-2-killed');
    const run = page.locator('[data-testid="failover-run"]:not([data-report-id=""])');
    await run.waitFor({ timeout: 90_000 });
    const reportId = (await run.getAttribute('data-report-id')) as string;
    await page.locator(`[data-testid="failover-node-node-2"][data-running="true"]`).waitFor({ timeout: 10_000 });
    await browser.screenshot('failover-sandbox-report');
    const report = JSON.parse((await web.call<{ content: string }>('getReport', { id: reportId, format: 'json' })).content) as QaReport;
    const [kill, restart] = report.convergence;
    console.log(
      `failover e2e sandbox (default scenario): ${JSON.stringify(report.counts)}; kill: registry ${kill?.registryMs} ms, presence ${kill?.presenceMs} ms, reconnects ${JSON.stringify(kill?.reconnects.map((item) => item.ms))}; restart: registry ${restart?.registryMs} ms; problems ${JSON.stringify(report.problems)}`,
    );
    assert.equal(report.counts.lost, 0);
    assert.equal(report.counts.duplicated, 0);
    assert.equal(report.verdict, 'pass');
    assert.ok(report.counts.acknowledged > 4000, `acknowledged ${report.counts.acknowledged}`);
    assert.ok(kill?.registryMs !== null && kill?.presenceMs !== null && restart?.registryMs !== null, 'kill and restart converged');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`download-json-${reportId}`).click()]);
    const file = join(configDir, 'downloaded.json');
    await download.saveAs(file);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as QaReport).id, reportId, 'the downloaded JSON is the report');
    assert.ok(readFileSync(join(configDir, 'failover', 'reports', `${reportId}.html`), 'utf8').includes('<svg'), 'the HTML report is saved in the config folder too');
  });
});

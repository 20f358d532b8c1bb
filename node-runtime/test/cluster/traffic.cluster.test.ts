/**
 * The Traffic view end to end, in headless Chromium, on the web console (its own process) joined
 * to a real cluster (one NATS server with JetStream, Redis, three chat node processes, NATS KV). Chat
 * clients send P2P and group messages across nodes: they appear in the tail with their subjects
 * and publishing nodes, the rate chart moves, the filter and the inspector work, and a flood of
 * 20,000 msgs/s through the tap is sampled ("showing 1 in N") while the page still answers clicks.
 * Screenshots (light and dark) land in test-artifacts/screenshots.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebConsoleProcess } from '../helpers/webConsoleProcess.js';
import { openBrowser, SCREENSHOT_DIR, type BrowserSession } from '../helpers/browser.js';
import { startLocalCluster, type LocalCluster } from '../helpers/localCluster.js';
import { registerAndLogin, uniqueName, type TestUser } from '../helpers/testNode.js';
import { sleep, waitFor } from '../helpers/waitFor.js';

const TAP_BENCH = fileURLToPath(new URL('../../../bench/consoleTap.ts', import.meta.url));

/** Runs in the page (plain JS: the test has no DOM types): click → aria-pressed change, and frame gaps. */
const PAGE_PROBE = `(() => {
  const probe = (window.__trafficProbe = { clicks: [], maxFrameGapMs: 0, frames: 0, longTasks: 0, longTaskMs: 0, since: performance.now() });
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) {
      probe.longTasks++;
      probe.longTaskMs += task.duration;
    }
  }).observe({ type: 'longtask' });
  const button = document.querySelector('[data-testid="traffic-pause"]');
  button.addEventListener('click', (event) => {
    const observer = new MutationObserver(() => {
      probe.clicks.push(performance.now() - event.timeStamp);
      observer.disconnect();
    });
    observer.observe(button, { attributes: true, attributeFilter: ['aria-pressed'] });
  }, { capture: true });
  let last = performance.now();
  const frame = (now) => {
    probe.maxFrameGapMs = Math.max(probe.maxFrameGapMs, now - last);
    probe.frames++;
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`;

/** bench/consoleTap.ts in its publisher role, in a child process (so the flood has its own CPU). */
function spawnPublisher(natsUrl: string, rate: number, seconds: number): { running(): boolean; stop(): Promise<{ count: number; seconds: number }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', TAP_BENCH, '--publish', natsUrl, String(rate), String(seconds), '40'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = once(child, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`the publisher exited with ${String(code)}`);
    return JSON.parse(output.trim().split('\n').at(-1) ?? '') as { count: number; seconds: number };
  });
  return {
    running: () => child.exitCode === null,
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return done;
    },
  };
}

/**
 * The web console (`npm run web`'s entry) in its own process, as a user runs it: the tap's work at
 * 20,000 msgs/s must not share an event loop with the test's browser driver.
 */
async function startWebConsole(args: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const configHome = mkdtempSync(join(os.tmpdir(), 'traffic-console-'));
  const web = await startWebConsoleProcess(['--log-level', 'warn', ...args], { via: 'node', env: { XDG_CONFIG_HOME: configHome }, readyTimeoutMs: 60_000 });
  return {
    url: web.url,
    async stop() {
      await web.stop();
      rmSync(configHome, { recursive: true, force: true });
    },
  };
}

describe('Traffic view on a real 3-node cluster, in Chromium', { timeout: 180_000 }, () => {
  let cluster: LocalCluster;
  let web: Awaited<ReturnType<typeof startWebConsole>>;
  let browser: BrowserSession;
  const users: TestUser[] = [];

  before(async () => {
    cluster = await startLocalCluster({ nodes: 3, natsServers: 1 });
    web = await startWebConsole(['--id', 'console', '--nats', cluster.natsUrls.join(','), '--redis', cluster.redisUrl, '--registry', 'nats']);
    browser = await openBrowser();
    await browser.page.goto(web.url);
  });
  after(async () => {
    for (const user of users) user.client.close();
    await browser?.close();
    await web?.stop();
    await cluster?.stop();
  });

  const tailSubjects = () => browser.page.locator('[data-testid^="traffic-row-"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-subject')));

  test('messages sent across nodes appear in the tail with their subjects and nodes; the rate chart moves', async () => {
    const { page } = browser;
    await page.getByTestId('nav-traffic').click();
    await waitFor(async () => (await page.getByTestId('traffic-tap-state').getAttribute('data-state')) === 'connected', 15_000, 'the tap connected');
    assert.match((await page.getByTestId('traffic-tap-state').textContent()) ?? '', /NATS nats:\/\/127\.0\.0\.1:\d+/);

    const [alice, bob, carol] = [
      await registerAndLogin(cluster.nodes[0]!.port, 'tapA'),
      await registerAndLogin(cluster.nodes[1]!.port, 'tapB'),
      await registerAndLogin(cluster.nodes[2]!.port, 'tapC'),
    ] as [TestUser, TestUser, TestUser];
    users.push(alice, bob, carol);
    alice.client.send(208, { to_user_id: bob.username, content: 'hello bob across nodes' });
    assert.equal((await bob.client.next(208, 10_000)).json.content, 'hello bob across nodes');
    const groupId = (await carol.client.request(215, { name: uniqueName('tapg') }, 216)).json.id as number;
    await alice.client.request(217, { group_id: groupId }, 218);
    await carol.client.request(310, { group_id: groupId, content: 'hi group from node 3' }, 311, 10_000);

    const p2pRow = page.locator(`[data-subject="chat.p2p.${bob.id}"]`).first();
    await p2pRow.waitFor({ timeout: 10_000 });
    assert.match((await p2pRow.textContent()) ?? '', /node-1.*hello bob across nodes/, 'published by node-1, content previewed');
    const groupRow = page.locator(`[data-subject="chat.group.${groupId}"]`).first();
    await groupRow.waitFor({ timeout: 10_000 });
    assert.match((await groupRow.textContent()) ?? '', /node-3.*hi group from node 3/);
    await page.locator(`[data-subject="system.membership.${groupId}"]`).first().waitFor({ timeout: 10_000 });

    // A steady trickle for a few seconds: the per-second chart gains points and shows a rate.
    const charts = page.getByTestId('traffic-charts');
    await charts.waitFor({ timeout: 10_000 });
    const pointsBefore = Number(await charts.getAttribute('data-points'));
    for (let i = 0; i < 30; i++) {
      alice.client.send(208, { to_user_id: bob.username, content: `tick ${i}` });
      await sleep(100);
    }
    await waitFor(async () => Number(await charts.getAttribute('data-points')) >= pointsBefore + 2, 10_000, 'new chart points');
    const chartRates = await page.locator('.traffic-charts .recharts-area-area').count();
    assert.ok(chartRates >= 5, `stacked areas drawn (${chartRates})`);
    await waitFor(async () => (await page.getByTestId(`traffic-top-row-chat.p2p.${bob.id}`).count()) === 1, 10_000, 'the p2p subject in the top table');
    await browser.screenshot('traffic-cluster-light');
  });

  test('the filter runs in the host, the inspector decodes the envelope, a bad pattern is refused', async () => {
    const { page } = browser;
    const [alice, bob, carol] = users as [TestUser, TestUser, TestUser];
    await page.getByTestId('traffic-filter-user').fill(String(carol.id));
    await page.getByTestId('traffic-filter-apply').click();
    await waitFor(async () => (await tailSubjects()).length === 0, 5000, 'the tail cleared for the new filter');
    alice.client.send(208, { to_user_id: bob.username, content: 'not for carol' });
    alice.client.send(208, { to_user_id: carol.username, content: 'for carol only' });
    await page.locator(`[data-subject="chat.p2p.${carol.id}"]`).first().waitFor({ timeout: 10_000 });
    await sleep(600);
    assert.deepEqual([...new Set(await tailSubjects())], [`chat.p2p.${carol.id}`], 'only carol’s traffic crossed to the page');

    await page.locator(`[data-subject="chat.p2p.${carol.id}"]`).first().click();
    await page.getByTestId('traffic-inspector').waitFor();
    assert.equal(await page.getByTestId('traffic-inspector-subject').textContent(), `chat.p2p.${carol.id}`);
    const envelope = JSON.parse((await page.getByTestId('traffic-envelope').textContent()) ?? '{}');
    assert.deepEqual([envelope.kind, envelope.node, envelope.entry.content, envelope.entry.toId], ['p2p', 'node-1', 'for carol only', carol.id]);
    await browser.screenshot('traffic-cluster-inspector');

    await page.getByTestId('traffic-filter-subject').fill('chat.(p2p|group)');
    await page.getByTestId('traffic-filter-apply').click();
    await page.getByTestId('traffic-error').waitFor();
    assert.match((await page.getByTestId('traffic-error').textContent()) ?? '', /"subject".*bad token/);
    assert.equal(await page.getByTestId('traffic-filter-subject').getAttribute('aria-invalid'), 'true');
    await page.getByTestId('traffic-filter-reset').click();
    await waitFor(async () => (await page.getByTestId('traffic-error').count()) === 0, 5000, 'the error cleared');
  });

  test('20,000 msgs/s through the tap: counters exact, the tail says "showing 1 in N", clicks still answered', async () => {
    const { page } = browser;
    await page.getByTestId('traffic-filter-subject').fill('chat.p2p.*');
    await page.getByTestId('traffic-filter-apply').click();
    await waitFor(async () => (await page.getByTestId('traffic-counters').getAttribute('data-matched')) === '0', 5000, 'filter applied, match count reset');
    // In the page: how long from a click's input event to the re-rendered button, and the longest frame gap.
    await page.evaluate(PAGE_PROBE);
    // And the page's main-thread CPU time (not wall time: this machine's load would inflate that).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const cpuMetrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.map((m) => [m.name, m.value]));
    const cpuBefore = await cpuMetrics();
    // The bench's publisher, in its own process: 20,000 envelopes/s on chat.p2p.900000000… until stopped (60 s at most).
    const flood = spawnPublisher(cluster.natsUrls[0]!, 20_000, 60);
    const started = Date.now();
    const steps: string[] = [];
    const step = (what: string) => steps.push(`${what} +${Date.now() - started} ms`);
    await waitFor(async () => Number(await page.getByTestId('traffic-sampling').getAttribute('data-sample-every')) > 1, 10_000, 'sampling during the flood');
    step('sampling');
    assert.match((await page.getByTestId('traffic-sampling').textContent()) ?? '', /showing 1 in \d+/);
    await waitFor(async () => Number(await page.getByTestId('traffic-charts').getAttribute('data-last-rate')) > 5000, 10_000, 'a flood second in the chart');
    // The viewport only: a full-page capture costs seconds on a loaded machine, and the flood is timed.
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'traffic-cluster-flood-light.png') });
    step('screenshot');
    for (const pressed of ['true', 'false']) {
      await page.getByTestId('traffic-pause').click();
      await waitFor(async () => (await page.getByTestId('traffic-pause').getAttribute('aria-pressed')) === pressed, 5000, `pause pressed=${pressed}`);
      step(`pressed=${pressed}`);
    }
    assert.ok(flood.running(), `the clicks were answered while the flood still ran (${steps.join(', ')})`);
    await sleep(1000);
    const cpuAfter = await cpuMetrics();
    const published = await flood.stop();
    const total = published.count;
    assert.ok(total >= 20_000, `the flood sent ${total} messages`);
    await waitFor(async () => Number(await page.getByTestId('traffic-counters').getAttribute('data-matched')) === total, 15_000, `all ${total} flood messages counted`);
    const probe = (await page.evaluate('({ ...window.__trafficProbe, elapsed: performance.now() - window.__trafficProbe.since })')) as {
      clicks: number[];
      maxFrameGapMs: number;
      frames: number;
      longTasks: number;
      longTaskMs: number;
      elapsed: number;
    };
    assert.equal(probe.clicks.length, 2, 'every click was handled and re-rendered');
    const wall = (cpuAfter['Timestamp'] ?? 0) - (cpuBefore['Timestamp'] ?? 0);
    const pageCpu = (name: string) => Math.round((((cpuAfter[name] ?? 0) - (cpuBefore[name] ?? 0)) / wall) * 100);
    const shown = (await tailSubjects()).length;
    assert.ok(shown > 0 && shown <= 200, `the tail shows a bounded sample (${shown} rows)`);
    console.log(
      `flood (${steps.join(', ')}): ${total} msgs at ${Math.round(published.count / published.seconds)} msgs/s; in-page click→render ${probe.clicks.map(Math.round).join(', ')} ms; longest frame gap ${Math.round(probe.maxFrameGapMs)} ms over ${probe.frames} frames; ${probe.longTasks} long tasks, ${Math.round(probe.longTaskMs)} ms of ${Math.round(probe.elapsed)} ms busy; page main thread CPU ${pageCpu('ThreadTime')} % (script ${pageCpu('ScriptDuration')} %, layout ${pageCpu('LayoutDuration')} %, style ${pageCpu('RecalcStyleDuration')} %) over ${wall.toFixed(1)} s; ${shown} tail rows`,
    );

    await page.getByTestId('theme-toggle').click();
    await waitFor(async () => (await page.locator('html').getAttribute('data-theme')) === 'dark', 5000, 'dark theme');
    await page.getByTestId('traffic-filter-reset').click();
    await waitFor(async () => (await page.getByTestId('traffic-filter-subject').inputValue()) === '', 5000, 'filter reset');
    const [alice, bob] = users as [TestUser, TestUser];
    for (const word of ['one', 'two', 'three']) alice.client.send(208, { to_user_id: bob.username, content: `dark ${word}` });
    await page.locator(`[data-subject="chat.p2p.${bob.id}"]`).nth(2).waitFor({ timeout: 10_000 });
    await browser.screenshot('traffic-cluster-dark');
  });
});

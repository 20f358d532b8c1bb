/**
 * The web console as a person uses it, in headless Chromium: `npm run web` on the embedded
 * sandbox (no servers at all), and a console joined to a real 3-node cluster (NATS + Redis, NATS
 * KV registry) where a node is killed with SIGKILL. Screenshots land in test-artifacts/screenshots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ClusterOverview } from '../../contract/index.js';
import { startWebConsoleProcess, type WebConsoleProcess } from '../helpers/webConsoleProcess.js';
import { openBrowser, type BrowserSession } from '../helpers/browser.js';
import { startLocalCluster, type LocalCluster } from '../helpers/localCluster.js';
import { registerAndLogin, type TestUser } from '../helpers/testNode.js';
import { waitFor } from '../helpers/waitFor.js';




describe('web console: embedded sandbox, no servers', { timeout: 180_000 }, () => {
  let web: WebConsoleProcess;
  let browser: BrowserSession;
  const users: TestUser[] = [];
  before(async () => {
    web = await startWebConsoleProcess([]);
    browser = await openBrowser();
  });
  after(async () => {
    for (const user of users) user.client.close();
    await browser?.close();
    await web?.stop();
  });

  test('topology shows the three sandbox nodes healthy, with the in-memory backends', async () => {
    const { page } = browser;
    await page.goto(web.url);
    await page.getByTestId('nav-topology').click();
    for (const id of ['node-1', 'node-2', 'node-3']) {
      await page.getByTestId(`topology-node-${id}`).waitFor({ timeout: 15_000 });
    }
    await waitFor(async () => (await page.locator('[data-testid^="topology-node-"][data-health="passing"]').count()) === 3, 15_000, 'three passing nodes');
    assert.equal(await page.getByTestId('backend-bus').getAttribute('data-state'), 'ok');
    assert.ok(!page.url().includes('token='), 'the token is taken out of the address bar');
    await page.getByTestId('topology-node-node-2').click();
    await page.getByTestId('node-detail').waitFor();
    await browser.screenshot('sandbox-topology');
  });

  test('users connected to sandbox nodes appear in Presence on the right nodes', async () => {
    const overview = await web.call<ClusterOverview>('getOverview');
    const ports = Object.fromEntries(overview.nodes.map((node) => [node.id, node.port]));
    users.push(await registerAndLogin(ports['node-1'] as number, 'webp'), await registerAndLogin(ports['node-3'] as number, 'webp'));
    const { page } = browser;
    await page.getByTestId('nav-presence').click();
    await page.getByTestId(`presence-row-${users[0]!.id}-node-1`).waitFor({ timeout: 15_000 });
    await page.getByTestId(`presence-row-${users[1]!.id}-node-3`).waitFor({ timeout: 15_000 });
    await browser.screenshot('sandbox-presence');
  });

  test('the API refuses a missing token and a foreign origin', async () => {
    const noToken = await fetch(`${web.origin}/api/call/getOverview`, { method: 'POST', body: 'null' });
    assert.equal(noToken.status, 401);
    const foreign = await fetch(`${web.origin}/api/call/getOverview`, {
      method: 'POST',
      body: 'null',
      headers: { authorization: `Bearer ${web.token}`, origin: 'http://evil.example' },
    });
    assert.equal(foreign.status, 403);
  });
});

describe('web console joined to a real cluster', { timeout: 240_000 }, () => {
  let cluster: LocalCluster;
  let web: WebConsoleProcess;
  let browser: BrowserSession;
  const users: TestUser[] = [];
  before(async () => {
    cluster = await startLocalCluster({ nodes: 3, natsServers: 1, nodeTtl: '3s' });
    web = await startWebConsoleProcess(['--id', 'console', '--nats', cluster.natsUrls.join(','), '--redis', cluster.redisUrl, '--registry', 'nats', '--node-ttl', '3s']);
    browser = await openBrowser();
  });
  after(async () => {
    for (const user of users) user.client.close();
    await browser?.close();
    await web?.stop();
    await cluster?.stop();
  });

  test('topology shows every node healthy; a node killed with SIGKILL turns critical and its users leave Presence', async () => {
    const { page } = browser;
    await page.goto(web.url);
    for (const id of ['node-1', 'node-2', 'node-3']) await page.getByTestId(`topology-node-${id}`).waitFor({ timeout: 20_000 });
    await waitFor(async () => (await page.locator('[data-testid^="topology-node-node-"][data-health="passing"]').count()) === 3, 20_000, 'three passing nodes');
    users.push(await registerAndLogin(cluster.nodes[1]!.port, 'doomed'), await registerAndLogin(cluster.nodes[0]!.port, 'safe'));
    await page.getByTestId('nav-presence').click();
    await page.getByTestId(`presence-row-${users[0]!.id}-node-2`).waitFor({ timeout: 15_000 });
    await page.getByTestId(`presence-row-${users[1]!.id}-node-1`).waitFor({ timeout: 15_000 });
    await browser.screenshot('cluster-presence');

    const killedAt = Date.now();
    await cluster.nodes[1]!.process.kill();
    await page.getByTestId(`presence-row-${users[0]!.id}-node-2`).waitFor({ state: 'detached', timeout: 20_000 });
    const presenceMs = Date.now() - killedAt;
    await page.getByTestId('nav-topology').click();
    await page.locator('[data-testid="topology-node-node-2"][data-health="critical"]').waitFor({ timeout: 20_000 });
    const criticalMs = Date.now() - killedAt;
    assert.equal(await page.getByTestId(`topology-node-node-1`).getAttribute('data-health'), 'passing');
    await browser.screenshot('cluster-topology-node-killed');
    console.log(`console: node-2 SIGKILL → its users gone from Presence after ${presenceMs} ms, critical in Topology after ${criticalMs} ms`);
  });
});

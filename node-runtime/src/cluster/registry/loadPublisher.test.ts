import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LoadPublisher } from './loadPublisher.js';
import type { NodeLoad } from './nodeLoad.js';

function harness(options: { fail?: () => boolean } = {}) {
  let clock = 1_000_000;
  let nextId = 0;
  const open = new Map<number, { id: number }>();
  let messages = 0;
  const published: NodeLoad[] = [];
  const publisher = new LoadPublisher({
    registry: {
      publishLoad: async (_nodeId, load) => {
        if (options.fail?.()) throw new Error('registry away');
        published.push(load);
      },
    },
    nodeId: 'n1',
    maxConnections: 500,
    source: { connections: () => open.size, accepted: () => nextId, messages: () => messages },
    now: () => clock,
  });
  return {
    publisher,
    published,
    connect(count: number) {
      for (let i = 0; i < count; i++) open.set(nextId, { id: nextId++ });
    },
    disconnect(count: number) {
      for (const id of [...open.keys()].slice(0, count)) open.delete(id);
    },
    addMessages(count: number) {
      messages += count;
    },
    /** Advances the clock by `ms` in 50 ms samples. */
    async run(ms: number) {
      for (let t = 0; t < ms; t += 50) {
        clock += 50;
        await publisher.tick();
      }
    },
  };
}

describe('LoadPublisher', () => {
  test('publishes at once, then on every change at most once per 200 ms, with the connect rate', async () => {
    const h = harness();
    await h.publisher.tick();
    assert.equal(h.published.length, 1);
    assert.deepEqual({ ...h.published[0], at: 0 }, { connections: 0, maxConnections: 500, connectsPerSec: 0, msgsPerSec: 0, at: 0 });

    // 100 connections a second for one second: a publish every 200 ms, never more often.
    for (let i = 0; i < 20; i++) {
      h.connect(5);
      await h.run(50);
    }
    const during = h.published.slice(1);
    assert.ok(during.length >= 4 && during.length <= 5, `${during.length} publishes in 1 s`);
    for (let i = 1; i < during.length; i++) assert.ok((during[i] as NodeLoad).at - (during[i - 1] as NodeLoad).at >= 200);
    const last = during[during.length - 1] as NodeLoad;
    assert.ok(last.connections >= 80, `connections ${last.connections}`);
    assert.ok(last.connectsPerSec >= 80 && last.connectsPerSec <= 120, `rate ${last.connectsPerSec}/s`);
  });

  test('a quiet node publishes only its refresh; a decayed rate and closed connections are published', async () => {
    const h = harness();
    await h.publisher.tick();
    h.connect(10);
    await h.run(1500);
    const afterBurst = h.published.length;
    assert.ok(h.published.some((load) => load.connectsPerSec === 10), 'the burst rate was published');
    assert.equal(h.published[h.published.length - 1]?.connectsPerSec, 0, 'the rate decays to 0 and that is published');
    await h.run(3000);
    assert.equal(h.published.length, afterBurst, 'nothing changed: nothing published before the refresh');
    await h.run(2500);
    assert.equal(h.published.length, afterBurst + 1, 'the 5 s refresh');
    h.disconnect(4);
    await h.run(250);
    assert.equal(h.published[h.published.length - 1]?.connections, 6);
  });

  test('message rates are published when they move by 20 % or more', async () => {
    const h = harness();
    await h.publisher.tick();
    for (let i = 0; i < 30; i++) {
      h.addMessages(10); // 200 msgs/s
      await h.run(50);
    }
    const rate = h.published[h.published.length - 1]?.msgsPerSec ?? 0;
    assert.ok(rate >= 180 && rate <= 220, `msgs/s ${rate}`);
    const count = h.published.length;
    for (let i = 0; i < 20; i++) {
      h.addMessages(i % 2 === 0 ? 9 : 11); // still ~200/s: jitter is not news
      await h.run(50);
    }
    assert.equal(h.published.length, count);
  });

  test('a failed publish is retried at the next sample; stop() ends publishing', async () => {
    let failing = true;
    const h = harness({ fail: () => failing });
    h.connect(3);
    await h.run(100);
    assert.equal(h.published.length, 0);
    failing = false;
    await h.run(50);
    assert.equal(h.published[0]?.connections, 3);
    h.publisher.stop();
    h.connect(3);
    await h.run(500);
    assert.equal(h.published.length, 1);
  });
});

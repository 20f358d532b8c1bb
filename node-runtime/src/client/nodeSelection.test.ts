import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pickNode, rankNodes, selectionWeights, serverLabel, type PublishedLoad, type SelectableNode } from './nodeSelection.js';
import { NodeSelector } from './nodeSelector.js';

const NOW = 1_700_000_000_000;
const now = () => NOW;

function node(id: string, load?: Partial<PublishedLoad>, health = 'passing'): SelectableNode {
  const port = 9000 + id.charCodeAt(id.length - 1);
  const full: PublishedLoad | undefined = load ? { connections: 0, maxConnections: 1000, connectsPerSec: 0, msgsPerSec: 0, at: NOW, ...load } : undefined;
  return { id, address: '127.0.0.1', port, health, ...(full ? { load: full } : {}) };
}

/** Deterministic PRNG (mulberry32), so the simulations are repeatable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('nodeSelection', () => {
  test('only passing nodes that are not excluded (by id or host:port) are ranked, each once', () => {
    const nodes = [node('a', {}), node('b', {}, 'critical'), node('c', {}), node('d', {}, 'warning'), node('e', {})];
    const ranked = rankNodes(nodes, { now, exclude: new Set(['c', serverLabel(nodes[4] as SelectableNode)]) });
    assert.deepEqual(ranked.map((n) => n.id), ['a']);
    assert.equal(pickNode([node('x', {}, 'critical')], { now }), undefined);
    assert.deepEqual(rankNodes([], { now }), []);
    const all = rankNodes([node('a', {}), node('b', {}), node('c', {})], { now });
    assert.deepEqual([...all.map((n) => n.id)].sort(), ['a', 'b', 'c']);
  });

  test('a client alone in a quiet cluster goes to the emptiest node, whatever the draw', () => {
    const nodes = [node('a', { connections: 30 }), node('b', { connections: 10 }), node('c', { connections: 20 })];
    for (const r of [0, 0.3, 0.6, 0.999]) assert.equal(pickNode(nodes, { now, random: () => r })?.id, 'b');
    // the failovers follow from least to most loaded
    assert.deepEqual(rankNodes(nodes, { now, random: () => 0.5 }).map((n) => n.id), ['b', 'c', 'a']);
  });

  test('equal loads: every node gets an equal share of the draw', () => {
    const nodes = [node('a', { connections: 5 }), node('b', { connections: 5 }), node('c', { connections: 5 })];
    const weights = selectionWeights(nodes, { now });
    for (const entry of weights) assert.ok(Math.abs(entry.weight - 1 / 3) < 1e-9, `weight ${entry.weight}`);
    assert.deepEqual([0.1, 0.5, 0.9].map((r) => pickNode(nodes, { now, random: () => r })?.id), ['a', 'b', 'c']);
  });

  test('a burst (published connect rates) is water-filled: shares level the nodes', () => {
    // 100 connects/s in all × 0.5 s horizon + this client = 51 expected: levels 100/110/120 fill to 127.
    const nodes = [node('a', { connections: 100, connectsPerSec: 40 }), node('b', { connections: 110, connectsPerSec: 30 }), node('c', { connections: 120, connectsPerSec: 30 })];
    const weights = selectionWeights(nodes, { now }).map((entry) => Math.round(entry.weight * 1000) / 1000);
    assert.deepEqual(weights, [27, 17, 7]);
    const horizonLonger = selectionWeights(nodes, { now, horizonSec: 2 }).map((entry) => Math.round(entry.weight));
    assert.ok((horizonLonger[2] as number) / (horizonLonger[0] as number) > 7 / 27, 'a longer horizon spreads more evenly');
  });

  test('full nodes are skipped, unless every node is full', () => {
    const nodes = [node('a', { connections: 1000 }), node('b', { connections: 900 }), node('c', { connections: 999, maxConnections: 999 })];
    assert.deepEqual(rankNodes(nodes, { now }).map((n) => n.id), ['b']);
    const allFull = [node('a', { connections: 1000 }), node('b', { connections: 1000 })];
    assert.equal(rankNodes(allFull, { now }).length, 2);
  });

  test('a missing, stale or malformed load counts as average: neither flooded nor shunned', () => {
    const stale = node('s', { connections: 0, at: NOW - 60_000 });
    const broken = { ...node('x'), load: { connections: Number.NaN, maxConnections: 1000, connectsPerSec: 0, msgsPerSec: 0, at: NOW } };
    const nodes = [node('m'), stale, broken, node('b', { connections: 10 }), node('c', { connections: 30 })];
    const weights = selectionWeights(nodes, { now });
    const levelOf = (id: string) => weights.find((w) => w.node.id === id)?.level;
    for (const id of ['m', 's', 'x']) assert.equal(levelOf(id), 0.02, `${id} is placed at the average level (20 of 1000)`);
    assert.equal(pickNode(nodes, { now, random: () => 0.99 })?.id, 'b');
  });

  test('capacity counts: a small node half full loses to a big node a tenth full', () => {
    const nodes = [node('a', { connections: 50, maxConnections: 100 }), node('b', { connections: 100, maxConnections: 1000 })];
    assert.equal(pickNode(nodes, { now, random: () => 0 })?.id, 'b');
  });

  test('message traffic weighs in (50 msgs/s ≈ one connection by default)', () => {
    const nodes = [node('a', { connections: 10, msgsPerSec: 500 }), node('b', { connections: 10 }), node('c', { connections: 10, msgsPerSec: 100 })];
    assert.equal(pickNode(nodes, { now, random: () => 0 })?.id, 'b');
    assert.equal(pickNode(nodes, { now, random: () => 0, messageWeight: 0 })?.id, 'a', 'weight 0 ignores traffic');
  });

  test('simulated burst: 300 independent clients at 300/s, loads published ≤200 ms late, land within ±15 % of even', () => {
    const worst: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const counts = simulateBurst({ clients: 300, ratePerSec: 300, publishGapMs: 200, random: seeded(seed) });
      worst.push(Math.max(...counts.map((count) => Math.abs(count - 100))));
    }
    assert.ok(Math.max(...worst) <= 15, `worst deviation per run: ${worst.join(', ')}`);
  });

  test('simulated join: a fresh empty node takes most of the next 150 clients (random would give it 50)', () => {
    const counts = simulateBurst({ clients: 150, ratePerSec: 100, publishGapMs: 200, random: seeded(7), initial: [150, 150, 0] });
    assert.ok((counts[2] as number) >= 110, `the new node got ${counts[2]} of 150 (${counts.join('/')})`);
  });

  test('NodeSelector: one process picking 300 times before any refresh spreads them exactly', () => {
    let clock = NOW;
    const selector = new NodeSelector({ now: () => clock, random: seeded(3) });
    const nodes = [node('a', { connections: 0 }), node('b', { connections: 0 }), node('c', { connections: 0 })];
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      clock += 1;
      const id = selector.pick(nodes)?.id ?? '?';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const id of ['a', 'b', 'c']) assert.ok(Math.abs((counts.get(id) ?? 0) - 100) <= 1, `${id}: ${counts.get(id)}`);
    // Once a load measured after the picks arrives, they are no longer counted twice.
    const refreshed = [node('a', { connections: 100, at: clock + 1 }), node('b', { connections: 100, at: clock + 1 }), node('c', { connections: 0, at: clock + 1 })];
    clock += 2;
    assert.equal(selector.pick(refreshed)?.id, 'c');
  });
});

/**
 * A discrete-event model of the real thing: each client reads the loads as last published and picks;
 * each node publishes its count and connect rate at most once per `publishGapMs` (LoadPublisher).
 */
function simulateBurst(options: { clients: number; ratePerSec: number; publishGapMs: number; random: () => number; initial?: number[] }): number[] {
  const actual = [...(options.initial ?? [0, 0, 0])];
  const accepts: number[][] = actual.map(() => []);
  const published = actual.map((connections, i) => ({ ...(node(`n${i}`, { connections }) as Required<SelectableNode>) }));
  const lastPublish = actual.map(() => Number.NEGATIVE_INFINITY);
  const pendingPublish: Array<number | undefined> = actual.map(() => undefined);
  let t = NOW;
  for (let i = 0; i < options.clients; i++) {
    t += 1000 / options.ratePerSec;
    for (let n = 0; n < actual.length; n++) {
      const at = pendingPublish[n];
      if (at !== undefined && at <= t) {
        pendingPublish[n] = undefined;
        lastPublish[n] = at;
        const rate = (accepts[n] as number[]).filter((x) => x > at - 1000).length;
        published[n] = { ...(published[n] as Required<SelectableNode>), load: { connections: actual[n] as number, maxConnections: 1000, connectsPerSec: rate, msgsPerSec: 0, at } };
      }
    }
    const chosen = pickNode(published, { now: () => t, random: options.random });
    const index = published.findIndex((candidate) => candidate.id === chosen?.id);
    actual[index] = (actual[index] as number) + 1;
    (accepts[index] as number[]).push(t);
    pendingPublish[index] ??= Math.max(t, (lastPublish[index] as number) + options.publishGapMs);
  }
  return actual.map((count, i) => count - (options.initial?.[i] ?? 0));
}

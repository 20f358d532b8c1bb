import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Convergence, MessageCounts, ScenarioSpec } from '../../../contract/index.js';
import { buildReport, type ReportInput } from './qaReport.js';

const scenario: ScenarioSpec = {
  name: 'kill',
  description: '',
  durationSec: 10,
  steps: [
    { at: 0, action: 'blast-start', ratePerSec: 100, users: 4 },
    { at: 3, action: 'kill', nodeId: 'node-2' },
  ],
};

const clean: MessageCounts = { sent: 500, acknowledged: 500, delivered: 500, duplicated: 0, lost: 0 };
const converged: Convergence = { nodeId: 'node-2', action: 'kill', at: 3000, registryMs: 2500, presenceMs: 2700, usersOnNode: 2, reconnects: [] };

function input(overrides: Partial<ReportInput>): ReportInput {
  return {
    scenario,
    mode: 'embedded',
    startedAt: 0,
    finishedAt: 10_000,
    state: 'finished',
    counts: clean,
    blast: null,
    convergence: [converged],
    samples: [],
    timeline: [],
    problems: [],
    nodeOfServer: new Map(),
    ...overrides,
  };
}

describe('QA report verdict', () => {
  test('passes only when nothing acknowledged was lost or duplicated and every failure converged', () => {
    assert.equal(buildReport(input({})).verdict, 'pass');
    const cases: [Partial<ReportInput>, RegExp][] = [
      [{ counts: { ...clean, lost: 2 } }, /2 acknowledged message\(s\) lost/],
      [{ counts: { ...clean, duplicated: 1 } }, /1 message\(s\) delivered twice/],
      [{ counts: { ...clean, acknowledged: 0, delivered: 0 } }, /no message acknowledged/],
      [{ state: 'stopped' }, /ended stopped/],
      [{ convergence: [{ ...converged, registryMs: null }] }, /registry never showed the kill of node-2/],
      [{ convergence: [{ ...converged, presenceMs: null }] }, /presence never converged/],
    ];
    for (const [overrides, problem] of cases) {
      const report = buildReport(input(overrides));
      assert.equal(report.verdict, 'fail', JSON.stringify(overrides));
      assert.ok(report.problems.some((text) => problem.test(text)), `${JSON.stringify(report.problems)} names ${problem}`);
    }
  });
});

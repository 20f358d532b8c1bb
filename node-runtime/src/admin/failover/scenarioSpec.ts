/**
 * Scenario specs: checked field by field (they come from the UI, from a saved file, or from a
 * person editing JSON), with errors that name the step and the field. The default scenario works
 * on the embedded sandbox as on a 3-node cluster (nodes node-1..node-3).
 */
import { NODE_ACTIONS, type ScenarioSpec, type ScenarioStep } from '../../../contract/index.js';
import { bad, integer, nodeIdField, record, text } from '../adminArgumentChecks.js';

export const MAX_SCENARIO_SECONDS = 600;
export const MAX_STEPS = 50;
export const MAX_BLAST_RATE = 5000;
export const MAX_BLAST_USERS = 200;
/** The servers `--local-cluster` starts (nats-1, redis-1): steps may kill and restart them. */
const SERVER_ID = /^(nats|redis)-\d+$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

export const DEFAULT_SCENARIO: ScenarioSpec = {
  name: 'kill-node-2',
  description: 'Blast 200 msg/s for 30 s between 20 users; kill node-2 at 10 s, restart it at 20 s.',
  durationSec: 30,
  steps: [
    { at: 0, action: 'blast-start', ratePerSec: 200, users: 20 },
    { at: 10, action: 'kill', nodeId: 'node-2' },
    { at: 20, action: 'restart', nodeId: 'node-2' },
    { at: 30, action: 'blast-stop' },
  ],
};

export function scenarioName(method: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME.test(value)) throw bad(method, 'field "name" must be 1-64 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit');
  return value;
}

export function validateScenario(method: string, arg: unknown): ScenarioSpec {
  const fields = record(method, arg, ['name', 'description', 'durationSec', 'steps']);
  const name = scenarioName(method, fields['name']);
  const description = text(method, fields, 'description', 500, '');
  const durationSec = integer(method, fields, 'durationSec', 1, MAX_SCENARIO_SECONDS);
  const raw = fields['steps'];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_STEPS) throw bad(method, `field "steps" must be a list of 1 to ${MAX_STEPS} steps`);
  const steps = raw.map((step: unknown, index) => validateStep(`${method}: step ${index + 1}`, step, durationSec));
  steps.sort((a, b) => a.at - b.at);
  let blasting = false;
  for (const step of steps) {
    if (step.action === 'blast-start') {
      if (blasting) throw bad(method, `a blast is already running at ${step.at} s: stop it first (one blast at a time)`);
      blasting = true;
    } else if (step.action === 'blast-stop') {
      if (!blasting) throw bad(method, `blast-stop at ${step.at} s has no blast to stop`);
      blasting = false;
    }
  }
  return { name, description, durationSec, steps };
}

function validateStep(where: string, arg: unknown, durationSec: number): ScenarioStep {
  const action = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>)['action'] : undefined;
  const at = (fields: Record<string, unknown>) => integer(where, fields, 'at', 0, durationSec);
  if (action === 'blast-start') {
    const fields = record(where, arg, ['at', 'action', 'ratePerSec', 'users']);
    return { at: at(fields), action, ratePerSec: integer(where, fields, 'ratePerSec', 1, MAX_BLAST_RATE), users: evenUsers(where, integer(where, fields, 'users', 2, MAX_BLAST_USERS, 20)) };
  }
  if (action === 'blast-stop') {
    const fields = record(where, arg, ['at', 'action']);
    return { at: at(fields), action };
  }
  if ((NODE_ACTIONS as readonly unknown[]).includes(action)) {
    const fields = record(where, arg, ['at', 'action', 'nodeId']);
    const nodeId = nodeIdField(where, fields);
    if (action === 'drain' && SERVER_ID.test(nodeId)) throw bad(where, `field "nodeId": ${nodeId} is a --local-cluster server: it can be killed or restarted, not drained`);
    return { at: at(fields), action: action as ScenarioStep['action'] & ('drain' | 'kill' | 'restart'), nodeId };
  }
  throw bad(where, `field "action" must be one of blast-start, blast-stop, ${NODE_ACTIONS.join(', ')}`);
}

/** P2P blasts pair users (sender → recipient), so the count must be even. */
function evenUsers(where: string, users: number): number {
  if (users % 2 !== 0) throw bad(where, `field "users" must be even (users are paired sender → recipient), got ${users}`);
  return users;
}

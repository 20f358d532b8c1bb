import type { ScenarioSpec, ScenarioStep } from '../../../../node-runtime/contract/index.js';

/** One step in words, for the scenario list. */
export function stepText(step: ScenarioStep): string {
  if (step.action === 'blast-start') return `blast ${step.ratePerSec} msg/s between ${step.users} lab users`;
  if (step.action === 'blast-stop') return 'blast stops';
  return `${step.action} ${step.nodeId}`;
}

/** What the confirmation names: the nodes a run will stop. */
export function destructiveSummary(spec: ScenarioSpec): string {
  const actions = spec.steps.filter((step) => step.action === 'kill' || step.action === 'drain').map((step) => stepText(step));
  return actions.length ? `It will ${actions.join(', ')}.` : 'It stops no node.';
}

/** The editor's text → a spec for saveScenario (the host checks every field), or the JSON error. */
export function parseScenarioText(text: string): ScenarioSpec | string {
  try {
    return JSON.parse(text) as ScenarioSpec;
  } catch (error) {
    return `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
}

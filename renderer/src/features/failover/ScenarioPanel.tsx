/* @jsxRuntime automatic */
import { useEffect, useState } from 'react';
import type { ScenarioSpec } from '../../../../node-runtime/contract/index.js';
import { useConsole } from '../../store/index.js';
import { ConfirmButton } from './ConfirmButton.js';
import { selectFailoverWritable } from './failoverAccess.js';
import { destructiveSummary, parseScenarioText, stepText } from './scenarioText.js';

/** Saved scenarios: pick one, read its steps, run it (asks first), or edit it as JSON and save (the host validates). */
export function ScenarioPanel({ scenarios, running }: { scenarios: ScenarioSpec[]; running: boolean }) {
  const writable = useConsole(selectFailoverWritable);
  const busy = useConsole((state) => state.failoverBusy);
  const runScenario = useConsole((state) => state.runScenario);
  const saveScenario = useConsole((state) => state.saveScenario);
  const deleteScenario = useConsole((state) => state.deleteScenario);
  const [selected, setSelected] = useState<string>(scenarios[0]?.name ?? '');
  const [draft, setDraft] = useState<string | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  const scenario = scenarios.find((candidate) => candidate.name === selected) ?? scenarios[0];

  useEffect(() => {
    if (!scenarios.some((candidate) => candidate.name === selected) && scenarios[0]) setSelected(scenarios[0].name);
  }, [scenarios, selected]);

  const save = async () => {
    const parsed = parseScenarioText(draft ?? '');
    if (typeof parsed === 'string') {
      setDraftError(parsed);
      return;
    }
    setDraftError(null);
    if (await saveScenario(parsed)) {
      setSelected(parsed.name);
      setDraft(null);
    }
  };

  return (
    <section className="panel failover-scenarios" aria-label="Scenarios">
      <h2>Scenarios</h2>
      <div className="toolbar">
        <label>
          Scenario{' '}
          <select data-testid="scenario-select" value={scenario?.name ?? ''} onChange={(event) => setSelected(event.target.value)}>
            {scenarios.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </label>
        {writable && scenario && (
          <ConfirmButton label="Run" question={`Run “${scenario.name}”? ${destructiveSummary(scenario)}`} testId="run-scenario" danger disabled={busy || running} onConfirm={() => void runScenario(scenario.name)} />
        )}
        {writable && scenario && draft === null && (
          <button type="button" className="button" data-testid="edit-scenario" onClick={() => setDraft(JSON.stringify(scenario, null, 2))}>
            Edit as JSON
          </button>
        )}
        {writable && scenario && <ConfirmButton label="Delete" question={`Delete “${scenario.name}”?`} testId="delete-scenario" disabled={busy || running} onConfirm={() => void deleteScenario(scenario.name)} />}
      </div>
      {scenario && (
        <div data-testid="scenario-detail">
          <p>{scenario.description}</p>
          <ol className="scenario-steps">
            {scenario.steps.map((step, index) => (
              <li key={index}>
                <span className="timeline-t">{step.at} s</span> {stepText(step)}
              </li>
            ))}
            <li>
              <span className="timeline-t">{scenario.durationSec} s</span> end; then wait for convergence and the final counts
            </li>
          </ol>
        </div>
      )}
      {draft !== null && (
        <div className="scenario-editor">
          <label htmlFor="scenario-json">Scenario JSON (steps: blast-start with ratePerSec and users, blast-stop, drain / kill / restart with nodeId; `at` in seconds)</label>
          <textarea id="scenario-json" data-testid="scenario-json" rows={14} spellCheck={false} value={draft} onChange={(event) => setDraft(event.target.value)} />
          <div className="toolbar">
            <button type="button" className="button button-primary" data-testid="save-scenario" disabled={busy} onClick={() => void save()}>
              Save
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
          {draftError !== null && (
            <p className="inline-error" role="alert">
              {draftError}
            </p>
          )}
        </div>
      )}
    </section>
  );
}

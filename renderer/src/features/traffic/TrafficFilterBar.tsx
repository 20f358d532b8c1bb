/* @jsxRuntime automatic */
import { useState, type FormEvent } from 'react';
import type { TrafficFilter } from '../../../../node-runtime/contract/index.js';
import { useConsole } from '../../store/index.js';

const EMPTY: TrafficFilter = { subject: '', user: '', group: '', node: '', text: '' };

const FIELDS: ReadonlyArray<{ key: keyof TrafficFilter; label: string; placeholder: string; size: number }> = [
  { key: 'subject', label: 'Subject', placeholder: 'chat.p2p.* or system.>', size: 17 },
  { key: 'user', label: 'User id', placeholder: 'any', size: 5 },
  { key: 'group', label: 'Group id', placeholder: 'any', size: 5 },
  { key: 'node', label: 'Node', placeholder: 'any', size: 7 },
  { key: 'text', label: 'Text', placeholder: 'any text', size: 11 },
];

/** The tail's filter, applied in the host (so only matching messages cross to the page). */
export function TrafficFilterBar() {
  const applied = useConsole((state) => state.trafficStatus?.filter ?? EMPTY);
  const error = useConsole((state) => state.trafficError);
  const setTrafficFilter = useConsole((state) => state.setTrafficFilter);
  const [draft, setDraft] = useState<TrafficFilter | null>(null);
  const shown = draft ?? applied;

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    if (await setTrafficFilter(shown)) setDraft(null);
  };
  const reset = async () => {
    if (await setTrafficFilter(EMPTY)) setDraft(null);
  };

  return (
    <form className="traffic-filter" onSubmit={(event) => void apply(event)} aria-label="Tail filter">
      {FIELDS.map((field) => (
        <label key={field.key} className="traffic-field">
          <span>{field.label}</span>
          <input
            data-testid={`traffic-filter-${field.key}`}
            value={shown[field.key]}
            size={field.size}
            placeholder={field.placeholder}
            maxLength={field.key === 'subject' ? 256 : 200}
            spellCheck={false}
            aria-invalid={error !== null && error.message.includes(`"${field.key}"`) ? true : undefined}
            onChange={(event) => setDraft({ ...shown, [field.key]: event.target.value })}
          />
        </label>
      ))}
      <button type="submit" className="button button-primary" data-testid="traffic-filter-apply">
        Apply
      </button>
      <button type="button" className="button" data-testid="traffic-filter-reset" onClick={() => void reset()}>
        Reset
      </button>
      {error !== null && (
        <p className="inline-error" role="alert" data-testid="traffic-error" data-code={error.code}>
          {error.message}
        </p>
      )}
    </form>
  );
}

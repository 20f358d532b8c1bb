/* @jsxRuntime automatic */
import { useState } from 'react';
import type { BlastPattern } from '../../../../node-runtime/contract/index.js';
import { useConsole } from '../../store/index.js';
import { LabActionError } from './LabActionError.js';

/** Pattern, rate, duration and payload of a blast over the connected test users. */
export function BlastForm() {
  const running = useConsole((state) => state.lab?.blast?.state === 'running' || state.lab?.blast?.state === 'draining');
  const maxPayload = useConsole((state) => state.lab?.maxPayloadBytes ?? 7936);
  const enoughUsers = useConsole((state) => (state.lab?.users.length ?? 0) >= 2);
  const busy = useConsole((state) => state.labBusy);
  const startBlast = useConsole((state) => state.startBlast);
  const stopBlast = useConsole((state) => state.stopBlast);
  const [pattern, setPattern] = useState<BlastPattern>('p2p');
  const [rate, setRate] = useState(200);
  const [seconds, setSeconds] = useState(10);
  const [payload, setPayload] = useState(64);

  return (
    <form
      className="lab-form"
      onSubmit={(event) => {
        event.preventDefault();
        void startBlast({ pattern, ratePerSec: rate, durationMs: Math.round(seconds * 1000), payloadBytes: payload });
      }}
    >
      <label>
        Pattern
        <select value={pattern} data-testid="blast-pattern" onChange={(event) => setPattern(event.target.value === 'group' ? 'group' : 'p2p')}>
          <option value="p2p">P2P pairs</option>
          <option value="group">Lab group</option>
        </select>
      </label>
      <label>
        Rate (msg/s)
        <input type="number" min={1} max={20000} value={rate} data-testid="blast-rate" onChange={(event) => setRate(Number(event.target.value))} />
      </label>
      <label>
        Duration (s)
        <input type="number" min={1} max={600} value={seconds} data-testid="blast-duration" onChange={(event) => setSeconds(Number(event.target.value))} />
      </label>
      <label>
        Payload (bytes)
        <input type="number" min={16} max={maxPayload} value={payload} data-testid="blast-payload" onChange={(event) => setPayload(Number(event.target.value))} />
      </label>
      {running ? (
        <button type="button" className="button button-danger" disabled={busy !== null} data-testid="blast-stop" onClick={() => void stopBlast()}>
          Stop
        </button>
      ) : (
        <button type="submit" className="button button-primary" disabled={busy !== null || !enoughUsers} data-testid="blast-start">
          Start blast
        </button>
      )}
      {!enoughUsers && <span className="muted">needs at least two test users</span>}
      <LabActionError action="blast" />
    </form>
  );
}

/* @jsxRuntime automatic */
import { useEffect } from 'react';
import { ErrorState } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { BlastForm } from './BlastForm.js';
import { BlastResults } from './BlastResults.js';
import { LabUsersPanel } from './LabUsersPanel.js';
import { MessageList } from './MessageList.js';
import { SendMessageForm } from './SendMessageForm.js';

/** Test users as real TCP clients, single messages with their hops, and blast runs with live counters. */
export function TestLabView() {
  const status = useConsole((state) => state.labState);
  const error = useConsole((state) => state.labError);
  const loaded = useConsole((state) => state.lab !== null);
  const readOnly = useConsole((state) => state.info?.readOnly ?? true);
  const loadLab = useConsole((state) => state.loadLab);

  useEffect(() => {
    void loadLab();
  }, [loadLab]);

  if (status === 'error' && error) return <ErrorState title="Could not load the test lab" error={error} onRetry={() => void loadLab()} />;
  if (!loaded) {
    return (
      <p className="loading" role="status">
        Loading the test lab…
      </p>
    );
  }
  return (
    <section className="view test-lab" data-testid="testLab-view">
      <h2 className="visually-hidden">Test lab</h2>
      {readOnly && (
        <p className="muted" data-testid="lab-read-only">
          Read-only console: the lab shows what exists but cannot connect users or send.
        </p>
      )}
      <div className="lab-columns">
        <LabUsersPanel canChange={!readOnly} />
        <section className="lab-panel lab-send" aria-labelledby="lab-send-title">
          <h3 id="lab-send-title">Send a message</h3>
          {!readOnly && <SendMessageForm />}
          <MessageList />
        </section>
      </div>
      <section className="lab-panel lab-blast" aria-labelledby="lab-blast-title">
        <h3 id="lab-blast-title">Blast</h3>
        {!readOnly && <BlastForm />}
        <BlastResults />
      </section>
    </section>
  );
}

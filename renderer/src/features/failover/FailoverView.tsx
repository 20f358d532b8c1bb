/* @jsxRuntime automatic */
import { useEffect } from 'react';
import { ErrorState } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { selectFailoverWritable } from './failoverAccess.js';
import { NodeControlPanel } from './NodeControlPanel.js';
import { ReportsPanel } from './ReportsPanel.js';
import { RunPanel } from './RunPanel.js';
import { ScenarioPanel } from './ScenarioPanel.js';

/** The Failover lab: drain / kill / restart nodes, scripted scenarios under load, the live run and its QA reports. */
export function FailoverView() {
  const status = useConsole((state) => state.failoverStatus);
  const loadState = useConsole((state) => state.failoverState);
  const loadError = useConsole((state) => state.failoverError);
  const actionError = useConsole((state) => state.failoverActionError);
  const writable = useConsole(selectFailoverWritable);
  const loadFailover = useConsole((state) => state.loadFailover);

  useEffect(() => {
    void loadFailover();
  }, [loadFailover]);

  if (status === null) {
    if (loadState === 'error' && loadError !== null) return <ErrorState title="Could not load the failover lab" error={loadError} onRetry={() => void loadFailover()} testId="failover-load-error" />;
    return (
      <p className="loading" role="status">
        Loading the failover lab…
      </p>
    );
  }
  const running = status.run?.state === 'running';
  return (
    <section className="view failover" data-testid="failover-view">
      <h2 className="visually-hidden">Failover</h2>
      <p className="muted" data-testid="failover-remote" data-remote={String(status.remoteControl)}>
        {status.remoteControl ? 'Nodes in other processes are reached by commands signed with the admin secret.' : 'Only nodes inside this console can be controlled: start the console and the nodes with the same --admin-secret to control the others.'}
        {!writable && ' Read-only: nothing can be changed here.'}
      </p>
      {actionError !== null && (
        <p className="inline-error" role="alert" data-testid="failover-error" data-code={actionError.code}>
          {actionError.message}
        </p>
      )}
      <div className="failover-grid">
        <NodeControlPanel nodes={status.nodes} canLaunch={status.canLaunch} />
        <ScenarioPanel scenarios={status.scenarios} running={running} />
      </div>
      {status.run !== null && <RunPanel run={status.run} />}
      <ReportsPanel reports={status.reports} folder={status.folder} />
    </section>
  );
}

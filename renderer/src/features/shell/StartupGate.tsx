/* @jsxRuntime automatic */
import type { ReactNode } from 'react';
import { ErrorState } from '../../components/index.js';
import { useConsole } from '../../store/index.js';

/** Until getInfo answered: a loading line, or the failure with what to do about it. */
export function StartupGate({ children }: { children: ReactNode }) {
  const info = useConsole((state) => state.info);
  const infoError = useConsole((state) => state.infoError);
  const loadInfo = useConsole((state) => state.loadInfo);
  const refreshOverview = useConsole((state) => state.refreshOverview);
  const loadPresence = useConsole((state) => state.loadPresence);

  if (info !== null) return <>{children}</>;
  if (infoError === null) {
    return (
      <p className="loading" role="status">
        Connecting to the console…
      </p>
    );
  }
  const retry = () => {
    void loadInfo();
    void refreshOverview();
    void loadPresence();
  };
  if (infoError.code === 'UNAUTHORIZED') {
    return (
      <ErrorState title="This page needs the console's access token" error={infoError} onRetry={retry} testId="token-missing">
        <p>
          Open the URL printed by <code>npm run web</code> in the terminal where it runs: it looks like{' '}
          <code>http://127.0.0.1:PORT/?token=…</code>. Copy all of it, including the token, into the address bar.
        </p>
      </ErrorState>
    );
  }
  return (
    <ErrorState title="The console cannot reach its server" error={infoError} onRetry={retry} testId="startup-error">
      <p>
        In the browser, check that <code>npm run web</code> is still running; in the desktop app, restart it. Then retry.
      </p>
    </ErrorState>
  );
}

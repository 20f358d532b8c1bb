/* @jsxRuntime automatic */
import { EmptyState, ErrorState } from '../../components/index.js';
import { useConsole } from '../../store/index.js';
import { PageSizeSelect } from './PageSizeSelect.js';
import { PresenceCounts } from './PresenceCounts.js';
import { PresencePager } from './PresencePager.js';
import { PresenceSearch } from './PresenceSearch.js';
import { PresenceTable } from './PresenceTable.js';

export function PresenceView() {
  const rows = useConsole((state) => state.presenceRows);
  const highlights = useConsole((state) => state.presenceHighlights);
  const status = useConsole((state) => state.presenceState);
  const error = useConsole((state) => state.presenceError);
  const search = useConsole((state) => state.presenceSearch);
  const onFirstPage = useConsole((state) => state.presenceCursor === null);
  const loadPresence = useConsole((state) => state.loadPresence);

  let body;
  if (status === 'error' && error !== null) {
    body = <ErrorState title="Could not load who is online" error={error} onRetry={() => void loadPresence()} />;
  } else if (rows.length === 0 && (status === 'loading' || status === 'idle')) {
    body = (
      <p className="loading" role="status">
        Loading presence…
      </p>
    );
  } else if (rows.length === 0) {
    body =
      search.trim() !== '' ? (
        <EmptyState title="No match" testId="presence-empty">
          <p>
            No online user matches “{search.trim()}”. The search matches part of a username or an exact user id.
          </p>
        </EmptyState>
      ) : onFirstPage ? (
        <EmptyState title="Nobody is online" testId="presence-empty">
          <p>
            Users appear here as soon as a chat client logs in to any node — for example <code>npm run client -- --server HOST:PORT</code>, then{' '}
            <code>/login NAME PASSWORD</code>.
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="This page is empty" testId="presence-empty">
          <p>The users of this page went offline. Go back to the previous page.</p>
        </EmptyState>
      );
  } else {
    body = <PresenceTable rows={rows} highlights={highlights} />;
  }

  return (
    <div className="presence">
      <h2 className="visually-hidden">Presence</h2>
      <div className="toolbar">
        <PresenceSearch />
        <PageSizeSelect />
        <button type="button" className="button" data-testid="presence-refresh" onClick={() => void loadPresence()}>
          Refresh
        </button>
      </div>
      <div className="presence-main">
        <section className="presence-list" aria-label="Users online" aria-busy={status === 'loading'}>
          {body}
          <PresencePager />
        </section>
        <PresenceCounts />
      </div>
    </div>
  );
}

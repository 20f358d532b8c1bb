/* @jsxRuntime automatic */
import { useConsole } from '../../store/index.js';

/** Cursor paging: "previous" walks back the cursors already seen, "next" follows the server's cursor. */
export function PresencePager() {
  const page = useConsole((state) => state.presencePrevCursors.length + 1);
  const hasNext = useConsole((state) => state.presenceNextCursor !== null);
  const loading = useConsole((state) => state.presenceState === 'loading');
  const prev = useConsole((state) => state.prevPresencePage);
  const next = useConsole((state) => state.nextPresencePage);
  return (
    <nav className="pager" aria-label="Presence pages">
      <button type="button" className="button" data-testid="presence-prev" disabled={page === 1 || loading} onClick={() => void prev()}>
        Previous
      </button>
      <span className="pager-page" aria-live="polite">
        Page {page}
      </span>
      <button type="button" className="button" data-testid="presence-next" disabled={!hasNext || loading} onClick={() => void next()}>
        Next
      </button>
    </nav>
  );
}

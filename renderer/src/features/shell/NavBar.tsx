/* @jsxRuntime automatic */
import { useConsole } from '../../store/index.js';
import { READY_VIEWS } from './views.js';

export function NavBar() {
  const view = useConsole((state) => state.view);
  const setView = useConsole((state) => state.setView);
  return (
    <nav className="nav" aria-label="Views">
      <ul>
        {READY_VIEWS.map((entry) => (
          <li key={entry.id}>
            <button
              type="button"
              className="nav-button"
              data-testid={`nav-${entry.id}`}
              aria-current={entry.id === view ? 'page' : undefined}
              onClick={() => setView(entry.id)}
            >
              {entry.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

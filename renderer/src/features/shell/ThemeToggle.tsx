/* @jsxRuntime automatic */
import { useConsole } from '../../store/index.js';

export function ThemeToggle() {
  const theme = useConsole((state) => state.theme);
  const toggleTheme = useConsole((state) => state.toggleTheme);
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <button type="button" className="button button-quiet" data-testid="theme-toggle" data-theme={theme} onClick={toggleTheme} title={`Switch to the ${next} theme`}>
      {theme === 'dark' ? 'Light theme' : 'Dark theme'}
    </button>
  );
}

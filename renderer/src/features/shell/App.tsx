/* @jsxRuntime automatic */
import { useEffect } from 'react';
import { useConsole } from '../../store/index.js';
import { CurrentView } from './CurrentView.js';
import { NavBar } from './NavBar.js';
import { StartupGate } from './StartupGate.js';
import { StatusBar } from './StatusBar.js';
import { ThemeToggle } from './ThemeToggle.js';

export function App() {
  const theme = useConsole((state) => state.theme);
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <h1 className="app-title">chat-zinx console</h1>
        <NavBar />
        <ThemeToggle />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <StartupGate>
          <CurrentView />
        </StartupGate>
      </main>
      <StatusBar />
    </div>
  );
}

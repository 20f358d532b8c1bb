/* @jsxRuntime automatic */
// Entry point: pick the transport for this host, build the store, go live, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './features/shell/index.js';
import { ConsoleStoreProvider, createConsoleStore } from './store/index.js';
import { createAdminClient } from './transport/index.js';
import './styles/app.css';

const store = createConsoleStore(createAdminClient());
store.getState().start();

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ConsoleStoreProvider store={store}>
      <App />
    </ConsoleStoreProvider>
  </StrictMode>,
);

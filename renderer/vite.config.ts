// Builds the console UI into renderer/dist. base './' makes every asset URL relative, so the same
// build loads from file:// in Electron and from / on the web server.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = import.meta.dirname;

/**
 * The dev server injects an inline script (React Refresh preamble) that the production CSP of
 * index.html forbids; relax script-src for `vite serve` only. Builds keep the strict policy.
 */
const devCsp: Plugin = {
  name: 'chat-console-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
};

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), devCsp],
  build: {
    outDir: `${here}/dist`,
    emptyOutDir: true,
    // Electron 45's Chromium and current browsers.
    target: 'es2022',
    // Keep the CSP strict: no inline modulepreload polyfill, no data: scripts.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // One bundle of ~700 kB (React + recharts), read from disk or loopback: no need to split it.
    chunkSizeWarningLimit: 1024,
  },
});

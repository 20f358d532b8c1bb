/**
 * Where main finds its files, relative to its own bundle (out/electron/main.cjs). The same layout
 * holds in development (`electron out/electron`) and inside app.asar, and
 * build/scripts/checkPackageLayout.mjs checks the packaged one.
 */
import { join } from 'node:path';

export interface AppLayout {
  preloadPath: string;
  indexHtmlPath: string;
}

export function appLayout(bundleDir: string): AppLayout {
  return {
    preloadPath: join(bundleDir, 'preload.cjs'),
    indexHtmlPath: join(bundleDir, '..', '..', 'renderer', 'dist', 'index.html'),
  };
}

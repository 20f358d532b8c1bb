#!/usr/bin/env node
// Bundles the Electron half into out/electron/ (git-ignored):
//   main.cjs     electron/main/main.ts with node-runtime and its drivers inside (no tsx, no node_modules at run time)
//   preload.cjs  electron/preload/preload.ts as one CommonJS file requiring only `electron` (what a sandboxed preload may do)
//   package.json so `electron out/electron` runs main.cjs under the console's name (same userData as the packaged app)
// Usage: node build/scripts/bundleElectron.mjs
import esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUT_DIR = join(ROOT, 'out', 'electron');
export const MAIN_BUNDLE = join(OUT_DIR, 'main.cjs');
export const PRELOAD_BUNDLE = join(OUT_DIR, 'preload.cjs');
export const PRODUCT_NAME = 'chat-zinx console';
/** Electron 45 = Node 22 + Chromium 140. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

export async function bundleElectron({ logLevel = 'warning' } = {}) {
  const common = { absWorkingDir: ROOT, bundle: true, format: 'cjs', external: ['electron'], legalComments: 'none', logLevel, metafile: true };
  const [main, preload] = await Promise.all([
    esbuild.build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: MAIN_BUNDLE, platform: 'node', target: NODE_TARGET }),
    esbuild.build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: PRELOAD_BUNDLE, platform: 'browser', target: CHROME_TARGET }),
  ]);
  const { version = '0.0.0', description, license } = readRootPackage();
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(
    join(OUT_DIR, 'package.json'),
    JSON.stringify({ name: 'chat-zinx-console', productName: PRODUCT_NAME, version, description, license, private: true, main: 'main.cjs' }, null, 2) + '\n',
  );
  return { main: main.metafile, preload: preload.metafile };
}

function readRootPackage() {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  } catch {
    return {};
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { main, preload } = await bundleElectron();
  const size = (meta) => Object.values(meta.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(`bundled out/electron/main.cjs (${(size(main) / 1024).toFixed(0)} KiB) and out/electron/preload.cjs (${(size(preload) / 1024).toFixed(1)} KiB) in ${Date.now() - started} ms`);
}

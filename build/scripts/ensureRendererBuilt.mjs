#!/usr/bin/env node
// Builds the console UI (renderer/dist) when it is missing or older than its sources, so
// `npm run web` and `npm start` always serve the current UI. Prints what it does.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = join(root, 'renderer/dist/index.html');
const sources = ['renderer/src', 'renderer/index.html', 'renderer/vite.config.ts', 'node-runtime/contract'].map((path) => join(root, path));

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
if (builtAt > 0 && builtAt >= Math.max(...sources.map(newest))) process.exit(0);
console.error(builtAt === 0 ? 'building the console UI (first run, ~20 s)…' : 'console UI sources changed: rebuilding…');
const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error('error: building the console UI failed (see above); `npm ci` installs what it needs');
  process.exit(result.status ?? 1);
}

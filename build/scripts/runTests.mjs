#!/usr/bin/env node
// `npm test`: every *.test.ts under the source folders, on node's own test runner (TypeScript via tsx).
// Usage: npm test [-- <path filter>...]   e.g. `npm test -- protocol` runs the files whose path contains "protocol".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE_FOLDERS = ['node-runtime', 'electron', 'renderer', 'build'];
const SKIP = new Set(['node_modules', '.tsbuild', 'dist', 'out', 'release']);

function findTests(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : findTests(path);
    return entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.tsx') ? [relative(root, path)] : [];
  });
}

const filters = process.argv.slice(2);
const files = SOURCE_FOLDERS.flatMap((folder) => findTests(join(root, folder)))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
// The console's end-to-end tests serve the built UI: build it once here, never from two test files at once.
const built = spawnSync(process.execPath, [join(root, 'build/scripts/ensureRendererBuilt.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
console.log(`running ${files.length} test files`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);

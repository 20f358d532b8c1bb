// Tests run under tsx, which reads only the tsconfig of the working directory (the repo root, which
// has no "jsx" option). Every .tsx file therefore declares the automatic runtime itself.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const RENDERER = fileURLToPath(new URL('../', import.meta.url));
const PRAGMA = '/* @jsxRuntime automatic */';

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? tsxFiles(path) : entry.name.endsWith('.tsx') ? [path] : [];
  });
}

test('every .tsx file of the renderer starts with the automatic JSX runtime pragma', () => {
  const files = tsxFiles(RENDERER);
  assert.ok(files.length > 10);
  const missing = files.filter((file) => !readFileSync(file, 'utf8').startsWith(PRAGMA)).map((file) => file.slice(RENDERER.length));
  assert.deepEqual(missing, []);
});

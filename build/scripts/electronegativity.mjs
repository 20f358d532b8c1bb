#!/usr/bin/env node
// Runs Electronegativity (Doyensec's Electron security scanner) over electron/ and fails on any finding
// that build/electronegativity-notes.md does not explain. A finding is explained by a row of the notes'
// table naming its check id and file (line numbers are ignored: they move with every edit).
// Uses the programmatic API: the package's CLI does not start with the commander version installed here.
// Usage: node build/scripts/electronegativity.mjs [input folder, default electron]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const input = join(root, process.argv[2] ?? 'electron');
const notesFile = join(root, 'build', 'electronegativity-notes.md');
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const out = mkdtempSync(join(tmpdir(), 'electronegativity-'));

const run = require('@doyensec/electronegativity');
// The CSV report is written asynchronously after run() resolves: remove it only when the process ends.
process.on('exit', () => rmSync(out, { recursive: true, force: true }));
const result = await run({ input, output: join(out, 'findings.csv'), isRelative: true, electronVersionOverride: electronVersion });

/** `| CHECK_ID | electron/main/file.ts | why |` rows of the notes. */
const explained = new Set(
  [...readFileSync(notesFile, 'utf8').matchAll(/^\|\s*`?([A-Z_]+_CHECK)`?\s*\|\s*`?([^|`]+?)`?\s*\|/gm)].map(([, id, file]) => `${id} ${file.trim()}`),
);
const keyOf = (issue) => {
  const file = issue.file === 'N/A' ? 'N/A' : relative(root, join(input, issue.file)).replaceAll('\\', '/');
  return `${issue.id} ${file}`;
};

console.log(`\nElectronegativity on ${relative(root, input) || '.'} (Electron ${electronVersion}): ${result.atomicChecks} atomic and ${result.globalChecks} global checks, ${result.issues.length} findings`);
for (const error of result.errors) console.log(`  parse ${error.tolerable ? 'warning' : 'error'}: ${error.file}: ${error.message}`);
const unexplained = [];
const seen = new Set();
for (const issue of result.issues) {
  const key = keyOf(issue);
  seen.add(key);
  const known = explained.has(key);
  if (!known) unexplained.push(key);
  console.log(`  ${known ? 'explained  ' : 'UNEXPLAINED'} ${issue.id} ${key.split(' ')[1]}:${issue.location.line}:${issue.location.column} (${issue.severity.name ?? issue.severity}/${issue.confidence.name ?? issue.confidence}) ${issue.description}`);
}
for (const key of explained) if (!seen.has(key)) console.log(`  note without a finding (may be removed from the notes): ${key}`);
const fatalErrors = result.errors.filter((error) => !error.tolerable);
if (unexplained.length > 0 || fatalErrors.length > 0) {
  console.error(`\n${unexplained.length} finding(s) not explained in build/electronegativity-notes.md${fatalErrors.length ? `, ${fatalErrors.length} file(s) not parsed` : ''}: fix them or explain them there.`);
  process.exit(1);
}
console.log('\nevery finding is explained in build/electronegativity-notes.md');

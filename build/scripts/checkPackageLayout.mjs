#!/usr/bin/env node
// Checks offline what can be checked of the desktop package without an Electron binary:
//  1. the bundles exist; the preload requires only `electron`; main requires only Node built-ins and `electron`
//  2. the renderer build exists, its assets are there, and its CSP is strict
//  3. electron-builder (the real one, build/electron-builder.yml) packs the app for linux `dir` around a stub
//     Electron folder; app.asar is listed with @electron/asar and must hold what main loads and nothing else
//  4. main.cjs, extracted from that asar (no node_modules, no tsx next to it), runs under plain Node with a stub
//     `electron` module: it must create the secure window on the packaged preload and index.html, register the
//     admin IPC, secure the session, and stop the backend when it quits
// Usage: node build/scripts/bundleElectron.mjs && node build/scripts/checkPackageLayout.mjs [--keep]
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAIN_BUNDLE, OUT_DIR, PRELOAD_BUNDLE, PRODUCT_NAME, ROOT } from './bundleElectron.mjs';

const require = createRequire(import.meta.url);
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'chat-console-package-'));
const verified = [];
const failed = [];
const check = (ok, what, detail = '') => (ok ? verified : failed).push(detail && !ok ? `${what}: ${detail}` : what);

function finish() {
  console.log('\nverified:');
  for (const line of verified) console.log(`  ✓ ${line}`);
  if (failed.length > 0) {
    console.log('\nfailed:');
    for (const line of failed) console.log(`  ✗ ${line}`);
  }
  console.log(
    '\nnot checkable here: the real Electron binary running this (window, sandboxed preload, IPC between real processes), ' +
      'installers (AppImage, deb, dmg, nsis: they download tools), code signing.',
  );
  if (keep) console.log(`\nwork folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
  process.exit(failed.length === 0 ? 0 : 1);
}

const requiresOf = (code) => [...new Set([...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1]))].sort();
const isBuiltin = (name) => name.startsWith('node:') || builtinModules.includes(name.split('/')[0]);

// 1. bundles
for (const file of [MAIN_BUNDLE, PRELOAD_BUNDLE, join(OUT_DIR, 'package.json')]) {
  check(existsSync(file), `bundle ${rel(file)} exists`, 'missing: run node build/scripts/bundleElectron.mjs');
}
if (failed.length > 0) finish();
const preloadRequires = requiresOf(readFileSync(PRELOAD_BUNDLE, 'utf8'));
check(preloadRequires.length === 1 && preloadRequires[0] === 'electron', 'preload.cjs requires only electron (a sandboxed preload can require nothing else)', preloadRequires.join(', '));
const mainRequires = requiresOf(readFileSync(MAIN_BUNDLE, 'utf8'));
// ws tries these native speed-ups inside try/catch and works without them: not needed at run time.
const OPTIONAL = new Set(['bufferutil', 'utf-8-validate']);
const foreign = mainRequires.filter((name) => name !== 'electron' && !isBuiltin(name) && !OPTIONAL.has(name));
check(foreign.length === 0, `main.cjs requires only electron and Node built-ins (${mainRequires.length} distinct), so it needs no node_modules or tsx`, `also requires ${foreign.join(', ')}`);

// 2. renderer build
const rendererIndex = join(ROOT, 'renderer', 'dist', 'index.html');
const rendererAssets = [];
if (!existsSync(rendererIndex)) {
  check(false, 'renderer/dist/index.html exists', 'build the renderer first');
} else {
  const html = readFileSync(rendererIndex, 'utf8');
  for (const [, ref] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
    if (ref.startsWith('data:')) continue;
    if (/^[a-z]+:|^\/\//i.test(ref)) {
      check(false, 'index.html loads nothing remote', ref);
      continue;
    }
    check(!ref.startsWith('/'), `asset ${ref} is relative (base './', needed under file://)`, ref);
    const asset = join(ROOT, 'renderer', 'dist', ref);
    rendererAssets.push(`renderer/dist/${ref.replace(/^\.\//, '')}`);
    check(existsSync(asset), `asset ${ref} exists`, 'missing');
  }
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  check(
    /default-src 'none'/.test(csp) && /script-src 'self'(;|$)/.test(csp) && !/unsafe-/.test(csp),
    "index.html carries a strict CSP meta (default-src 'none', script-src 'self', nothing unsafe): the file:// page's own policy",
    csp || 'no CSP meta',
  );
}

// 3. electron-builder around a stub Electron, then list app.asar
const stubDist = join(work, 'electron-dist');
mkdirSync(stubDist);
writeFileSync(join(stubDist, 'electron'), '#!/bin/sh\necho "stub electron"\n');
chmodSync(join(stubDist, 'electron'), 0o755);
writeFileSync(join(stubDist, 'version'), `v${JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version}`);
const builderCli = require.resolve('electron-builder/cli.js');
const packed = spawnSync(
  process.execPath,
  [builderCli, '--config', 'build/electron-builder.yml', '--linux', 'dir', `-c.electronDist=${stubDist}`, `-c.directories.output=${join(work, 'release')}`, '--publish', 'never'],
  { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } },
);
const asarPath = join(work, 'release', 'linux-unpacked', 'resources', 'app.asar');
check(packed.status === 0 && existsSync(asarPath), 'electron-builder packs build/electron-builder.yml (linux dir, stub Electron) into app.asar', (packed.stderr || packed.stdout).trim().split('\n').slice(-5).join(' | '));
if (!existsSync(asarPath)) finish();

const asar = createRequire(require.resolve('electron-builder/package.json'))('@electron/asar');
const entries = new Set(asar.listPackage(asarPath, { isPack: false }).map((entry) => entry.replaceAll('\\', '/').replace(/^\//, '')));
for (const needed of ['package.json', 'out/electron/main.cjs', 'out/electron/preload.cjs', 'renderer/dist/index.html', ...rendererAssets]) {
  check(entries.has(needed), `app.asar holds ${needed}`, 'missing');
}
const extras = [...entries].filter((entry) => !/^(package\.json|out(\/electron(\/(main|preload)\.cjs)?)?|renderer(\/dist(\/.*)?)?)$/.test(entry));
check(extras.length === 0, `app.asar holds nothing else (${entries.size} entries: no node_modules, no sources)`, extras.slice(0, 10).join(', '));
const packagedManifest = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'));
check(packagedManifest.main === 'out/electron/main.cjs', 'the packaged package.json points main at out/electron/main.cjs', String(packagedManifest.main));
check(packagedManifest.productName === PRODUCT_NAME, `the packaged app is named "${PRODUCT_NAME}" (userData folder)`, String(packagedManifest.productName));

// 4. run the packaged main under plain Node with a stub electron
const app = join(work, 'app');
asar.extractAll(asarPath, app);
const userData = join(work, 'user-data');
const reportFile = join(work, 'stub-report.json');
const run = spawnSync(process.execPath, ['--import', new URL('./electronStub.mjs', import.meta.url).href, join(app, 'out', 'electron', 'main.cjs')], {
  cwd: work,
  encoding: 'utf8',
  timeout: 30_000,
  env: { ...process.env, NODE_PATH: '', STUB_REPORT: reportFile, STUB_USER_DATA: userData, CHAT_PORT: '0', CHAT_LOG_LEVEL: 'warn' },
});
if (!existsSync(reportFile)) {
  check(false, 'the packaged main.cjs runs under plain Node (stub electron)', (run.stderr || String(run.error)).trim().split('\n').slice(-5).join(' | '));
  finish();
}
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
check(report.ready, 'the packaged main.cjs loads from the extracted asar with plain Node: no tsx, no node_modules beside it');
check(report.sandboxEnabled, 'main enables the sandbox for every renderer (app.enableSandbox)');
check(report.csp !== null && report.permissionRequestHandler && report.permissionCheckHandler, 'main installs the CSP header and denies permissions on the session', JSON.stringify({ csp: report.csp, request: report.permissionRequestHandler, check: report.permissionCheckHandler }));
if (report.errors.length > 0) {
  check(false, 'the console backend starts', `${report.errors.join(' | ')} — window, IPC and shutdown could not be checked (wire electron/main/consoleBackend.ts to node-runtime)`);
  finish();
}
const [window] = report.windows;
const prefs = window?.webPreferences ?? {};
check(report.windows.length === 1, 'main creates one window after the backend started', `${report.windows.length} windows`);
check(prefs.contextIsolation === true && prefs.sandbox === true && prefs.nodeIntegration === false && prefs.webSecurity === true, 'the window is context-isolated, sandboxed, without Node, with web security', JSON.stringify(prefs));
check(prefs.preload === join(app, 'out', 'electron', 'preload.cjs'), 'its preload is the packaged out/electron/preload.cjs', String(prefs.preload));
check(report.loadedFiles[0] === join(app, 'renderer', 'dist', 'index.html'), 'it loads the packaged renderer/dist/index.html', String(report.loadedFiles[0]));
const methods = contractMethods().map((name) => `admin:call:${name}`);
check(methods.length > 0 && JSON.stringify([...report.ipcHandlers].sort()) === JSON.stringify([...methods].sort()), `main handles exactly the contract's ${methods.length} admin channels`, report.ipcHandlers.join(', '));
check(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'].every((event) => report.webContentsGuards.includes(event)) && report.windowOpenHandler, 'the window is guarded: navigation, redirects, webviews and window.open');
check(report.quit === 'quit' && run.status === 0 && /backend_stopped/.test(run.stderr), 'on quit main stops the backend, then lets the app quit (exit 0)', `${report.quit}, status ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`);
finish();

/** ADMIN_METHODS as the contract computes it (it is assembled from several files), read through tsx. */
function contractMethods() {
  const script = `import('${join(ROOT, 'node-runtime', 'contract', 'index.ts')}').then((m) => process.stdout.write(JSON.stringify(m.ADMIN_METHODS)))`;
  const listed = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  try {
    return JSON.parse(listed.stdout);
  } catch {
    return [];
  }
}

function rel(path) {
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

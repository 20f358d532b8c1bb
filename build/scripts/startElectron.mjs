#!/usr/bin/env node
// `npm start`: bundle the Electron half, then run it with the Electron binary.
// Without the binary (electron is installed as a devDependency, but its postinstall download may have
// been impossible, e.g. offline) it tries the download once, and if that fails too it says so and
// exits 1, pointing to `npm run web` (the same console in a browser).
//
// Usage: npm start [-- <console args…>]      (arguments after `--` go to the console, e.g. node flags)
// Env:   ELECTRON_SKIP_BINARY_DOWNLOAD=1     do not try to download a missing binary
//        ELECTRON_OVERRIDE_DIST_PATH=DIR     use the Electron found in DIR (as electron's own launcher does)
//        CHAT_ELECTRON_PACKAGE_DIR=DIR       the electron package to use instead of node_modules/electron (tests)
//        CHAT_SKIP_RENDERER_BUILD=1          use renderer/dist as it is (else build/scripts/ensureRendererBuilt.mjs refreshes it)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { bundleElectron, OUT_DIR, ROOT } from './bundleElectron.mjs';

const RENDERER_INDEX = join(ROOT, 'renderer', 'dist', 'index.html');
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

function electronPackageDir() {
  if (process.env.CHAT_ELECTRON_PACKAGE_DIR) return process.env.CHAT_ELECTRON_PACKAGE_DIR;
  try {
    return dirname(createRequire(join(ROOT, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function platformExecutable() {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return process.platform === 'win32' ? 'electron.exe' : 'electron';
}

/** The binary electron's own index.js would run, without its side effect (index.js downloads when it is missing). */
function findElectronBinary(packageDir) {
  let executable = platformExecutable();
  try {
    executable = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim() || executable;
  } catch {
    // No path.txt: the postinstall never finished.
  }
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const binary = join(dist, executable);
  return existsSync(binary) ? binary : null;
}

/** electron's own installer (node_modules/electron/install.js); returns why it failed, or null. */
function tryDownload(packageDir) {
  const installer = join(packageDir, 'install.js');
  if (!existsSync(installer)) return `${rel(installer)} is missing`;
  console.error(`npm start: the Electron binary is missing; trying to download it (node ${rel(installer)})…`);
  const result = spawnSync(process.execPath, [installer], { cwd: packageDir, stdio: ['ignore', 'inherit', 'pipe'], timeout: DOWNLOAD_TIMEOUT_MS, encoding: 'utf8' });
  if (result.error) return result.error.code === 'ETIMEDOUT' ? `the download took over ${DOWNLOAD_TIMEOUT_MS / 60_000} minutes` : result.error.message;
  if (result.status === 0) return null;
  const firstLine = (result.stderr ?? '').split('\n').map((line) => line.trim()).find((line) => line !== '') ?? `exit status ${result.status}`;
  const offline = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|ETIMEDOUT|getaddrinfo/i.test(result.stderr ?? '');
  return `${firstLine}${offline ? ' (no network: this machine looks offline)' : ''}`;
}

function rel(path) {
  return relative(process.cwd(), path) || '.';
}

function notInstalled(packageDir, why) {
  const version = packageDir ? readVersion(packageDir) : null;
  console.error(
    [
      '',
      'npm start: the Electron binary is not installed, so the desktop console cannot open here.',
      `  why: ${why}`,
      '',
      '  The same console runs in a browser:      npm run web',
      `  Install Electron where the network allows: node node_modules/electron/install.js${version ? `   (electron ${version})` : ''}`,
      '  then run npm start again.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

function readVersion(packageDir) {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}

await bundleElectron();

const packageDir = electronPackageDir();
if (packageDir === null) notInstalled(null, 'the electron package is not installed (run npm ci)');
let binary = findElectronBinary(packageDir);
if (binary === null) {
  const missing = `${rel(join(packageDir, 'dist'))} does not exist (electron ${readVersion(packageDir) ?? '?'} is installed without its binary)`;
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') notInstalled(packageDir, `${missing}; no download tried (ELECTRON_SKIP_BINARY_DOWNLOAD=1)`);
  const failure = tryDownload(packageDir);
  binary = findElectronBinary(packageDir);
  if (binary === null) notInstalled(packageDir, `${missing}, and downloading it failed: ${failure ?? 'the installer left no binary'}`);
}
// Only now (the binary is there) is it worth building the UI: renderer/dist when missing or stale.
const ensureRenderer = join(ROOT, 'build', 'scripts', 'ensureRendererBuilt.mjs');
if (process.env.CHAT_SKIP_RENDERER_BUILD !== '1' && existsSync(ensureRenderer)) {
  const built = spawnSync(process.execPath, [ensureRenderer], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
if (!existsSync(RENDERER_INDEX)) {
  console.error(`npm start: ${rel(RENDERER_INDEX)} is missing: build the renderer first (vite build --config renderer/vite.config.ts).`);
  process.exit(1);
}

const child = spawn(binary, [OUT_DIR, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', windowsHide: false });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`npm start: could not run ${binary}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

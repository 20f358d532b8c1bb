// `npm start` (build/scripts/startElectron.mjs) run as a process: without the Electron binary it must
// explain itself and exit 1; with one it must run it on out/electron.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'build', 'scripts', 'startElectron.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'start-electron-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function npmStart(env: Record<string, string>, args: string[] = []) {
  const clean = { ...process.env };
  delete clean.ELECTRON_OVERRIDE_DIST_PATH;
  delete clean.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete clean.CHAT_ELECTRON_PACKAGE_DIR;
  delete clean.CHAT_SKIP_RENDERER_BUILD;
  return spawnSync(process.execPath, [script, ...args], { cwd: root, env: { ...clean, ...env }, encoding: 'utf8', timeout: 60_000 });
}

function fakeElectronPackage(name: string, installJs: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  writeFileSync(join(dir, 'install.js'), installJs);
  return dir;
}

function assertPointsToWeb(stderr: string) {
  assert.match(stderr, /the Electron binary is not installed/);
  assert.match(stderr, /npm run web/);
  assert.match(stderr, /node node_modules\/electron\/install\.js/);
}

describe('npm start without the Electron binary', () => {
  const realBinaryPresent = existsSync(join(root, 'node_modules', 'electron', 'dist'));

  it('exits 1 and points to `npm run web` (the real electron package, download skipped)', { skip: realBinaryPresent && 'Electron is installed here' }, () => {
    const run = npmStart({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    assert.equal(run.status, 1, run.stderr);
    assertPointsToWeb(run.stderr);
    assert.match(run.stderr, /node_modules\/electron\/dist does not exist \(electron 45\.5\.0 is installed without its binary\)/);
    assert.match(run.stderr, /no download tried/);
    assert.ok(existsSync(join(root, 'out', 'electron', 'main.cjs')), 'the bundle was built first');
  });

  it('exits 1 with the reason when the download fails (offline)', () => {
    const packageDir = fakeElectronPackage('offline', "console.error('TypeError: fetch failed\\n    at FetchDownloader.download'); process.exit(1);\n");
    const run = npmStart({ CHAT_ELECTRON_PACKAGE_DIR: packageDir });
    assert.equal(run.status, 1, run.stderr);
    assertPointsToWeb(run.stderr);
    assert.match(run.stderr, /trying to download it/);
    assert.match(run.stderr, /downloading it failed: TypeError: fetch failed \(no network: this machine looks offline\)/);
  });

  it('exits 1 when the installer "succeeds" but leaves no binary', () => {
    const packageDir = fakeElectronPackage('empty', 'process.exit(0);\n');
    const run = npmStart({ CHAT_ELECTRON_PACKAGE_DIR: packageDir });
    assert.equal(run.status, 1, run.stderr);
    assertPointsToWeb(run.stderr);
    assert.match(run.stderr, /the installer left no binary/);
  });
});

describe('npm start with an Electron binary', () => {
  const unsupported = process.platform === 'win32' ? 'needs a POSIX shell script as the fake binary' : !existsSync(join(root, 'renderer', 'dist', 'index.html')) && 'renderer/dist is not built';

  it('runs it on out/electron with the console arguments and passes its exit status on', { skip: unsupported }, () => {
    const packageDir = fakeElectronPackage('installed', 'process.exit(0);\n');
    const executable = process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
    writeFileSync(join(packageDir, 'path.txt'), executable);
    const binary = join(packageDir, 'dist', executable);
    mkdirSync(join(binary, '..'), { recursive: true });
    writeFileSync(binary, '#!/bin/sh\necho "fake electron: $*"\nexit 7\n');
    chmodSync(binary, 0o755);
    const run = npmStart({ CHAT_ELECTRON_PACKAGE_DIR: packageDir, CHAT_SKIP_RENDERER_BUILD: '1' }, ['--nats', 'nats://127.0.0.1:4222']);
    assert.equal(run.status, 7, run.stderr);
    assert.equal(run.stdout.trim(), `fake electron: ${join(root, 'out', 'electron')} --nats nats://127.0.0.1:4222`);
  });
});

/**
 * A server process started by the local scripts or the tests: output to a log file, a readiness
 * check, and stop (SIGTERM, then SIGKILL after a grace period), kill -9 and restart with the same
 * arguments — what failover tests need.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ManagedProcessOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Resolves when the process is ready to serve (e.g. its port accepts connections). */
  ready: () => Promise<void>;
}

export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly options: ManagedProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    mkdirSync(dirname(this.options.logFile), { recursive: true });
    const log = createWriteStream(this.options.logFile, { flags: 'a' });
    const child = spawn(this.options.command, this.options.args, {
      cwd: this.options.cwd,
      env: this.options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.exited = once(child, 'exit').then(() => undefined);
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`${this.options.name}: could not start ${this.options.command}: ${error.message}`)));
      child.once('exit', (code, signal) =>
        reject(new Error(`${this.options.name} exited during start (code ${code}, signal ${signal}); see ${this.options.logFile}`)),
      );
    });
    await Promise.race([this.options.ready(), failed]);
  }

  /** Graceful stop: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** kill -9: no chance to clean up, as in a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  /**
   * Sends `signal` and resolves with the exit code once the process is gone (null if a signal
   * ended it): how a test checks that SIGTERM makes a node exit cleanly.
   */
  async signalAndWait(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (!child || !this.running) return child?.exitCode ?? null;
    child.kill(signal);
    await this.exited;
    return child.exitCode;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

/** The absolute path of an installed binary, or an error that says how to install it. */
export function requireBinary(binary: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === '') {
    throw new Error(`${binary} is not installed: run \`apt-get install -y ${debianPackage}\` (Debian) and try again`);
  }
  return path;
}

/**
 * A child process the console launched and can control: start waits until its port accepts
 * connections (or it dies first), stop = SIGTERM then SIGKILL after a grace period, kill = SIGKILL
 * (a real crash), start again = the same command, port and log file. Output goes to the log file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { waitForPort } from './loopbackPorts.js';

export interface LaunchCommand {
  file: string;
  args: string[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

export interface LaunchedProcessOptions {
  id: string;
  port: number;
  logFile: string;
  readyTimeoutMs: number;
}

export class LaunchedProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> = Promise.resolve();

  /** `command` is built on each start (it may check that its program exists). */
  constructor(
    private readonly launch: LaunchedProcessOptions,
    private readonly command: () => LaunchCommand,
  ) {}

  get id(): string {
    return this.launch.id;
  }

  get port(): number {
    return this.launch.port;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const { file, args, env } = this.command();
    mkdirSync(dirname(this.launch.logFile), { recursive: true });
    const log = createWriteStream(this.launch.logFile, { flags: 'a' });
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.exited = once(child, 'exit');
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`${this.id}: could not start ${file}: ${error.message}`)));
      child.once('exit', (code, signal) => reject(new Error(`${this.id} exited during start (code ${code}, signal ${signal}); see ${this.launch.logFile}`)));
    });
    failed.catch(() => undefined);
    await Promise.race([waitForPort(this.port, this.launch.readyTimeoutMs, this.id), failed]);
  }

  /** Graceful: SIGTERM, SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGKILL');
    await this.exited;
  }
}

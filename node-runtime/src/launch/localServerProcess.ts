/**
 * A NATS server or Redis the console launches as a child process (`--local-cluster`): kill =
 * SIGKILL (a crash), start = the same binary and arguments again — same port, same data folder —
 * so JetStream's store and Redis's append-only file outlive a kill. Output goes to a log file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { waitForPort } from './localNodeProcess.js';

export type LocalServerKind = 'nats' | 'redis';

export interface LocalServerOptions {
  id: string;
  kind: LocalServerKind;
  /** Absolute path of nats-server / redis-server. */
  binary: string;
  port: number;
  args: string[];
  logFile: string;
  readyTimeoutMs?: number;
}

export class LocalServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> = Promise.resolve();

  constructor(readonly options: LocalServerOptions) {}

  get id(): string {
    return this.options.id;
  }

  get kind(): LocalServerKind {
    return this.options.kind;
  }

  get port(): number {
    return this.options.port;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    mkdirSync(dirname(this.options.logFile), { recursive: true });
    const log = createWriteStream(this.options.logFile, { flags: 'a' });
    const child = spawn(this.options.binary, this.options.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.exited = once(child, 'exit');
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`${this.id}: could not start ${this.options.binary}: ${error.message}`)));
      child.once('exit', (code, signal) => reject(new Error(`${this.id} exited during start (code ${code}, signal ${signal}); see ${this.options.logFile}`)));
    });
    failed.catch(() => undefined);
    await Promise.race([waitForPort(this.port, this.options.readyTimeoutMs ?? 15_000, this.id), failed]);
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

/**
 * A chat node the console launches as a process of its own (the headless CLI under tsx), joined to
 * the console's cluster: the only kind of node outside the console's process that the console can
 * also start again. Stop = SIGTERM (the CLI's clean shutdown), kill = SIGKILL (a real crash),
 * start = the same arguments again. Output goes to a log file; the admin secret goes through the
 * environment, never the command line (visible in ps).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The node CLI beside this file in a source checkout. Resolved on use, not at load: the packaged
 * Electron main is a CJS bundle where import.meta is empty and no .ts sources ship.
 */
function nodeMainPath(): string {
  const here = (import.meta as { url?: string }).url;
  const path = here ? fileURLToPath(new URL('../../cli/nodeMain.ts', here)) : null;
  if (!path || !existsSync(path)) {
    throw new Error('launching local chat node processes needs the source checkout (npm run web or npm start from the repository); the packaged app cannot launch them');
  }
  return path;
}

export interface LocalNodeOptions {
  id: string;
  port: number;
  /** Node flags besides --id, --port and --host (cluster flags, --node-ttl…). */
  args: string[];
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs?: number;
}

export class LocalNodeProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> = Promise.resolve();

  constructor(readonly options: LocalNodeOptions) {}

  get id(): string {
    return this.options.id;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    mkdirSync(dirname(this.options.logFile), { recursive: true });
    const log = createWriteStream(this.options.logFile, { flags: 'a' });
    const args = ['--import', 'tsx', nodeMainPath(), '--id', this.options.id, '--host', '127.0.0.1', '--port', String(this.options.port), ...this.options.args];
    const child = spawn(process.execPath, args, { env: { ...process.env, ...this.options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.exited = once(child, 'exit');
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (error) => reject(new Error(`${this.options.id}: could not start node: ${error.message}`)));
      child.once('exit', (code, signal) => reject(new Error(`${this.options.id} exited during start (code ${code}, signal ${signal}); see ${this.options.logFile}`)));
    });
    failed.catch(() => undefined);
    await Promise.race([waitForPort(this.options.port, this.options.readyTimeoutMs ?? 30_000), failed]);
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

/** A free TCP port on loopback. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on 127.0.0.1:`port`. */
export async function waitForPort(port: number, timeoutMs: number, what = 'the launched node'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what} does not listen on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

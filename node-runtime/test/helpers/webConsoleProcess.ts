/**
 * The web console in its own process, as a user runs it, for end-to-end tests: waits for the
 * "open http://…?token=…" line, calls the admin API with the token, and stops the whole process
 * group. `via: 'npm'` goes through `npm run web` (the README's command, which also builds the UI
 * when missing); `via: 'node'` starts webMain.ts directly (lighter when the UI is built already).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface WebConsoleProcess {
  child: ChildProcess;
  url: string;
  origin: string;
  token: string;
  call<T>(method: string, arg?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export interface WebConsoleProcessOptions {
  via?: 'npm' | 'node';
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the URL line. Default 90 s (a first `npm run web` builds the UI). */
  readyTimeoutMs?: number;
}

export async function startWebConsoleProcess(args: string[], options: WebConsoleProcessOptions = {}): Promise<WebConsoleProcess> {
  const consoleArgs = ['--port', '0', '--node-port', '0', ...args];
  const [command, commandArgs] =
    options.via === 'node' ? [process.execPath, ['--import', 'tsx', 'node-runtime/cli/webMain.ts', ...consoleArgs]] : ['npm', ['run', '--silent', 'web', '--', ...consoleArgs]];
  const child = spawn(command, commandArgs, { cwd: REPO_ROOT, detached: true, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no console URL within ${timeoutMs / 1000} s; output:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /open (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the web console exited with ${String(code)}:\n${output}`)));
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token') ?? '';
  return {
    child,
    url,
    origin: parsed.origin,
    token,
    async call<T>(method: string, arg: unknown = null): Promise<T> {
      const response = await fetch(`${parsed.origin}/api/call/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(arg),
      });
      if (!response.ok) throw new Error(`${method}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      process.kill(-(child.pid as number), 'SIGTERM');
      await exited;
    },
  };
}

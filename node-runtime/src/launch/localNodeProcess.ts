/**
 * A chat node the console launches as a process of its own (the headless CLI under tsx), joined to
 * the console's cluster: the only kind of node outside the console's process that the console can
 * also start again. Stop = SIGTERM (the CLI's clean shutdown), kill = SIGKILL (a real crash). The
 * admin secret goes through the environment, never the command line (visible in ps).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LaunchedProcess } from './launchedProcess.js';

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

export class LocalNodeProcess extends LaunchedProcess {
  constructor(readonly options: LocalNodeOptions) {
    super({ id: options.id, port: options.port, logFile: options.logFile, readyTimeoutMs: options.readyTimeoutMs ?? 30_000 }, () => ({
      file: process.execPath,
      args: ['--import', 'tsx', nodeMainPath(), '--id', options.id, '--host', '127.0.0.1', '--port', String(options.port), ...options.args],
      env: options.env,
    }));
  }
}

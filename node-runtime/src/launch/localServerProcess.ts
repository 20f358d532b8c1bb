/**
 * A NATS server or Redis the console launches as a child process (`--local-cluster`): kill =
 * SIGKILL (a crash), start = the same binary and arguments again — same port, same data folder —
 * so JetStream's store and Redis's append-only file outlive a kill.
 */
import { LaunchedProcess } from './launchedProcess.js';

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

export class LocalServerProcess extends LaunchedProcess {
  constructor(readonly options: LocalServerOptions) {
    super({ id: options.id, port: options.port, logFile: options.logFile, readyTimeoutMs: options.readyTimeoutMs ?? 15_000 }, () => ({ file: options.binary, args: options.args }));
  }

  get kind(): LocalServerKind {
    return this.options.kind;
  }
}

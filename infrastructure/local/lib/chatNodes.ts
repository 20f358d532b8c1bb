/**
 * Chat nodes as separate processes (the headless CLI), each on its own client and admin port,
 * with its log in the state folder: what the local cluster script and the failover tests run.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts, waitForPort } from './freePort.js';
import { ManagedProcess } from './managedProcess.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface ChatNodeProcessOptions {
  id: string;
  stateDir: string;
  natsUrls: string[];
  redisUrl: string;
  registry: 'nats' | 'consul';
  consulUrl?: string;
  /** Default: free ports. */
  port?: number;
  adminPort?: number;
  host?: string;
  nodeTtl?: string;
  logLevel?: string;
  extraArgs?: string[];
  readyTimeoutMs?: number;
}

export interface ChatNodeProcess {
  readonly id: string;
  readonly port: number;
  readonly adminPort: number;
  readonly address: string;
  readonly logFile: string;
  readonly process: ManagedProcess;
}

export async function startChatNode(options: ChatNodeProcessOptions): Promise<ChatNodeProcess> {
  const [freeClient, freeAdmin] = (await freePorts(2)) as [number, number];
  const port = options.port ?? freeClient;
  const adminPort = options.adminPort ?? freeAdmin;
  const host = options.host ?? '127.0.0.1';
  const logFile = join(options.stateDir, `${options.id}.log`);
  const args = [
    '--import', 'tsx', 'node-runtime/cli/nodeMain.ts',
    '--id', options.id,
    '--host', host,
    '--port', String(port),
    '--admin-port', String(adminPort),
    '--nats', options.natsUrls.join(','),
    '--redis', options.redisUrl,
    '--registry', options.registry,
    '--log-level', options.logLevel ?? 'info',
    ...(options.consulUrl ? ['--consul', options.consulUrl] : []),
    ...(options.nodeTtl ? ['--node-ttl', options.nodeTtl] : []),
    ...(options.extraArgs ?? []),
  ];
  const managed = new ManagedProcess({
    name: options.id,
    command: process.execPath,
    args,
    cwd: repoRoot,
    logFile,
    ready: () => waitForPort(port, host === '0.0.0.0' ? '127.0.0.1' : host, options.readyTimeoutMs ?? 30_000),
  });
  await managed.start();
  return { id: options.id, port, adminPort, address: `127.0.0.1:${port}`, logFile, process: managed };
}

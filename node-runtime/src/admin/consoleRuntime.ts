/**
 * The console's back end in one piece, as every host wants it: the ConsoleHost (sandbox or cluster
 * node), the AdminService over it and the shared dispatcher. `npm run web` puts the web server in
 * front of it; the Electron main process puts IPC in front of it (startConsoleHost).
 */
import type { AdminEventName, AdminEvents } from '../../contract/index.js';
import type { PasswordHasher } from '../chat/passwordHasher.js';
import type { Logger } from '../common/logger.js';
import { loadConsoleConfig, MAX_SANDBOX_NODES, type ConsoleConfig } from '../config/consoleConfig.js';
import { createAdminDispatcher, type AdminDispatcher } from './adminDispatcher.js';
import { createConsoleAdmin, type ConsoleAdmin } from './consoleAdmin.js';
import { ConsoleHost } from './consoleHost.js';
import { startLocalCluster, type LocalCluster } from '../launch/localCluster.js';

export interface ConsoleRuntime {
  readonly config: ConsoleConfig;
  readonly host: ConsoleHost;
  /** The core service and the Traffic, Test lab and Failover features. */
  readonly admin: ConsoleAdmin;
  /** The one dispatcher (allowlist, argument shapes, read-only, errors as `{code, message}`). */
  dispatch: AdminDispatcher;
  on<E extends AdminEventName>(event: E, listener: (payload: AdminEvents[E]) => void): () => void;
  /** `--local-cluster`: the NATS server and Redis this console started (else null). */
  readonly localCluster: LocalCluster | null;
  /** Stops the event feeds and every node the console runs (and the local cluster's servers). */
  stop(): Promise<void>;
}

export interface ConsoleRuntimeOptions {
  config: ConsoleConfig;
  logger: Logger;
  passwordHasher?: PasswordHasher;
  /** PATH searched for nats-server and redis-server under `--local-cluster` (default: this process's). */
  path?: string;
}

/** Starts the host (after the local cluster's servers, with --local-cluster); a failed start leaves nothing running. */
export async function startConsoleRuntime(options: ConsoleRuntimeOptions): Promise<ConsoleRuntime> {
  if (!options.config.localCluster) return startRuntime(options, null);
  const cluster = await startLocalCluster({ path: options.path ?? process.env['PATH'] });
  options.logger.info('local_cluster_started', { nats: cluster.natsUrl, redis: cluster.redisUrl, dataDir: cluster.dataDir });
  const node = { ...options.config.node, natsServers: [cluster.natsUrl], redisUrl: cluster.redisUrl };
  let runtime: ConsoleRuntime | undefined;
  try {
    runtime = await startRuntime({ ...options, config: { ...options.config, node } }, cluster);
    runtime.admin.failover.adoptServers([cluster.nats, cluster.redis]);
    for (let i = 0; i < options.config.localCluster.nodes; i++) await runtime.admin.failover.launchNode();
    return runtime;
  } catch (error) {
    if (runtime) await runtime.stop();
    else await cluster.stop();
    throw error;
  }
}

async function startRuntime(options: ConsoleRuntimeOptions, localCluster: LocalCluster | null): Promise<ConsoleRuntime> {
  const { config, logger } = options;
  const host = new ConsoleHost({
    node: config.node,
    mode: config.mode,
    sandboxNodes: config.sandboxNodes,
    maxSandboxNodes: MAX_SANDBOX_NODES,
    logger,
    ...(options.passwordHasher ? { passwordHasher: options.passwordHasher } : {}),
  });
  for (const warning of config.settings.warnings) logger.warn('console_settings_ignored', { detail: warning });
  const admin = createConsoleAdmin(host, {
    readOnly: config.readOnly,
    logger,
    settings: { file: config.settings.file, source: config.settings.source, startedWith: config.settings.saved },
  });
  await host.start();
  let stopping: Promise<void> | undefined;
  return {
    config,
    host,
    admin,
    dispatch: createAdminDispatcher(admin.handlers, { readOnly: config.readOnly, logger }),
    on: (event, listener) => admin.on(event, listener),
    localCluster,
    stop() {
      // Once, whoever asks first (a signal, the window closing, a test).
      stopping ??= (async () => {
        await admin.close();
        await host.stop();
        // Last: the nodes above need NATS and Redis to stop cleanly.
        await localCluster?.stop();
      })();
      return stopping;
    },
  };
}

/**
 * For the Electron main process: the console's flags (node flags such as `--nats`, `--read-only`,
 * `--nodes`, `--node-port`; web-only flags are accepted and unused) and environment, then
 * startConsoleRuntime. Throws ConfigError (naming the flag) for a bad flag.
 */
export async function startConsoleHost(options: {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  passwordHasher?: PasswordHasher;
}): Promise<ConsoleRuntime> {
  const argv = options.argv.filter((arg) => arg !== '--help' && arg !== '-h');
  const { config } = loadConsoleConfig(argv, options.env);
  return startConsoleRuntime({ config, logger: options.logger, ...(options.passwordHasher ? { passwordHasher: options.passwordHasher } : {}) });
}

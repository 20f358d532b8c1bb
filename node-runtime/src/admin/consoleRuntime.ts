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

export interface ConsoleRuntime {
  readonly config: ConsoleConfig;
  readonly host: ConsoleHost;
  /** The core service and the Traffic, Test lab and Failover features. */
  readonly admin: ConsoleAdmin;
  /** The one dispatcher (allowlist, argument shapes, read-only, errors as `{code, message}`). */
  dispatch: AdminDispatcher;
  on<E extends AdminEventName>(event: E, listener: (payload: AdminEvents[E]) => void): () => void;
  /** Stops the event feeds and every node the console runs. */
  stop(): Promise<void>;
}

export interface ConsoleRuntimeOptions {
  config: ConsoleConfig;
  logger: Logger;
  passwordHasher?: PasswordHasher;
}

/** Starts the host; a failed start leaves nothing running. */
export async function startConsoleRuntime(options: ConsoleRuntimeOptions): Promise<ConsoleRuntime> {
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
  return {
    config,
    host,
    admin,
    dispatch: createAdminDispatcher(admin.handlers, { readOnly: config.readOnly, logger }),
    on: (event, listener) => admin.on(event, listener),
    async stop() {
      await admin.close();
      await host.stop();
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

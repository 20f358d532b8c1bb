/**
 * The real console backend: node-runtime's console host (the embedded chat node(s) and their
 * AdminService), started from the console's own arguments. Chromium and Electron switches in
 * process.argv are not console flags, so only the flags the console knows are passed on.
 */
import { startConsoleHost } from '../../node-runtime/src/index.js';
import type { ConsoleBackendFactory } from './backend.js';

/** Console flags that take no value. */
const SWITCHES = new Set(['--read-only', '--local-cluster']);
const CONSOLE_FLAGS = /^--(nats|redis|consul|registry|node-ttl|node-port|node-host|nodes|id|read-only|local-cluster|admin-port|admin-host|max-frame|idle-timeout|max-conns|max-outbound|log-level)(=|$)/;

/** Electron adds switches such as --no-sandbox or --enable-logging; keep only the console's flags (and their values). */
export function consoleArguments(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!CONSOLE_FLAGS.test(arg)) continue;
    kept.push(arg);
    const next = argv[i + 1];
    if (!arg.includes('=') && !SWITCHES.has(arg) && next !== undefined && !next.startsWith('--')) kept.push(argv[++i] as string);
  }
  return kept;
}

/** The environment for node-runtime: the saved console settings live in Electron's userData folder (an explicit CHAT_CONSOLE_CONFIG_DIR still wins). */
export function consoleEnvironment(env: Readonly<Record<string, string | undefined>>, dataDir: string): Record<string, string | undefined> {
  const explicit = env['CHAT_CONSOLE_CONFIG_DIR'];
  return { ...env, CHAT_CONSOLE_CONFIG_DIR: explicit !== undefined && explicit !== '' ? explicit : dataDir };
}

export const startConsoleBackend: ConsoleBackendFactory = async (options) => {
  const host = await startConsoleHost({ argv: consoleArguments(options.argv), env: consoleEnvironment(options.env, options.dataDir), logger: options.logger });
  return {
    dispatch: (method, arg) => host.dispatch(method, arg),
    on: (event, listener) => host.on(event, listener),
    stop: () => host.stop(),
  };
};

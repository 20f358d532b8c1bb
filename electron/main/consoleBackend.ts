/**
 * The real console backend: node-runtime's console host (the embedded chat node(s) and their
 * AdminService), started from the console's own arguments. Chromium and Electron switches in
 * process.argv are not console flags, so only the flags the console knows are passed on.
 */
import { CONSOLE_FLAGS, startConsoleHost } from '../../node-runtime/src/index.js';
import type { ConsoleBackendFactory } from './backend.js';

/** The console's own flags, from its settings table (so a new setting is passed on without a second list here). */
const TAKES_VALUE = new Map(CONSOLE_FLAGS.map(({ flag, takesValue }) => [flag, takesValue]));

/** Electron adds switches such as --no-sandbox or --enable-logging; keep only the console's flags (and their values). */
export function consoleArguments(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const takesValue = TAKES_VALUE.get(arg.split('=', 1)[0] as string);
    if (takesValue === undefined) continue;
    kept.push(arg);
    const next = argv[i + 1];
    if (!arg.includes('=') && takesValue && next !== undefined && !next.startsWith('--')) kept.push(argv[++i] as string);
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

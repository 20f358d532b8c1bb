/**
 * What every command-line entry shares: parsing its settings with errors that name the flag
 * (exit 2), waiting for SIGINT/SIGTERM (listened for before anything starts, so an early Ctrl-C
 * still stops cleanly), and turning main's result into the exit status.
 */
import { ConfigError, type Logger } from '../src/index.js';

/** Runs `load`; on a ConfigError prints it with a pointer to --help and returns null (exit 2). */
export function loadSettings<T>(load: () => T): T | null {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`error: ${error.message}\nRun with --help to see every option.\n`);
    return null;
  }
}

/** Resolves on the first SIGINT or SIGTERM, after logging which one arrived. */
export function stopSignal(logger: Logger, fields: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      logger.info('signal', { signal, ...fields });
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

export function exitWith(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * What the Electron host needs from the console's backend (the embedded chat node(s) and their
 * AdminService). Main takes it from an injected factory, so tests pass a fake and
 * `consoleBackend.ts` alone knows how node-runtime builds the real one.
 */
import type { AdminEventName } from '../../node-runtime/contract/index.js';
import type { Logger } from '../../node-runtime/src/index.js';

export interface ConsoleBackend {
  /**
   * One admin call. Resolves with the method's JSON result; rejects with a SerializedAdminError
   * (`{code, message}`) or an Error, which adminIpc maps to `{code, message}` for the renderer.
   */
  dispatch(method: string, arg: unknown): Promise<unknown>;
  /** Host events (already batched by the backend, a few per second at most). Returns an unsubscribe. */
  on(event: AdminEventName, listener: (payload: unknown) => void): () => void;
  /** Stops the embedded node(s); main bounds how long it waits. */
  stop(): Promise<void>;
}

export interface ConsoleBackendOptions {
  logger: Logger;
  /** app.getPath('userData'): where the backend may keep its files. */
  dataDir: string;
  /** The console's own command-line arguments (node flags such as `--nats`), Electron's removed. */
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

export type ConsoleBackendFactory = (options: ConsoleBackendOptions) => Promise<ConsoleBackend>;

/**
 * Base of every error the node raises on purpose. `code` is stable and machine-readable;
 * the message says what went wrong and, where a setting fixes it, names that setting.
 */
export class ChatError extends Error {
  override readonly name: string = 'ChatError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A setting (flag, env var or file entry) has a value the node cannot use. */
export class ConfigError extends ChatError {
  override readonly name = 'ConfigError';
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super('CONFIG_INVALID', `${setting}: ${message}`);
  }
}

/** A plain `{code, message}` for crossing a process or network boundary. */
export interface SerializedError {
  code: string;
  message: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof ChatError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message };
  return { code: 'INTERNAL', message: String(error) };
}

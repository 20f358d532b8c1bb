import { ChatError } from '../common/errors.js';

/** The socket closed (or the client was closed) while the request was still waiting for its reply. */
export class ConnectionClosedError extends ChatError {
  override readonly name = 'ConnectionClosedError';
  constructor(reason: string, options?: { cause?: unknown }) {
    super('CONNECTION_CLOSED', `connection closed: ${reason}`, options);
  }
}

/** A request was made while no connection exists and none is being re-established. */
export class NotConnectedError extends ChatError {
  override readonly name = 'NotConnectedError';
  constructor(message = 'not connected: call connect() first') {
    super('NOT_CONNECTED', message);
  }
}

/** No reply within requestTimeoutMs. */
export class RequestTimeoutError extends ChatError {
  override readonly name = 'RequestTimeoutError';
  constructor(what: string, timeoutMs: number) {
    super('REQUEST_TIMEOUT', `${what}: no reply within ${timeoutMs} ms (option requestTimeoutMs)`);
  }
}

/**
 * The server answered a request sent *after* this one, so (replies come in request order) it
 * will never answer this one: chat-zinx drops some requests silently, e.g. 310 when not logged in.
 */
export class NoReplyError extends ChatError {
  override readonly name = 'NoReplyError';
  constructor(what: string) {
    super('NO_REPLY', `${what}: the server answered a later request first, so it dropped this one`);
  }
}

/** The server sent something the client cannot read (a body that is not JSON, a frame over the limit). */
export class ProtocolViolationError extends ChatError {
  override readonly name = 'ProtocolViolationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('PROTOCOL_VIOLATION', message, options);
  }
}

/** The request needs something this connection does not have (an extension, a login, a smaller body). */
export class RequestRejectedError extends ChatError {
  override readonly name = 'RequestRejectedError';
  constructor(code: 'EXTENSION_UNAVAILABLE' | 'NOT_LOGGED_IN' | 'BODY_TOO_LARGE' | 'BAD_ARGUMENT', message: string) {
    super(code, message);
  }
}

/** connect() tried every server and none accepted. */
export class AllServersFailedError extends ChatError {
  override readonly name = 'AllServersFailedError';
  constructor(failures: readonly { server: string; error: unknown }[]) {
    const detail = failures.map((f) => `${f.server}: ${errorText(f.error)}`).join('; ');
    super('ALL_SERVERS_FAILED', `could not connect to any server (${detail})`, {
      cause: failures[failures.length - 1]?.error,
    });
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What went wrong talking to Consul, in the terms the registry acts on: the agent could not be
 * reached (network error, timeout), it answered with an HTTP error (status + Consul's plain-text
 * reason), or the request was aborted by us.
 */
import { ChatError } from '../../common/errors.js';

export type ConsulFailureKind = 'unreachable' | 'http' | 'aborted' | 'other';

export interface ConsulFailure {
  kind: ConsulFailureKind;
  /** HTTP status for `http` failures. */
  status?: number;
  /** Consul's reason (its plain-text body) or the transport error. */
  text: string;
}

/** A failed Consul call that reaches the registry's caller. */
export class ConsulRegistryError extends ChatError {
  override readonly name = 'ConsulRegistryError';
  constructor(
    code: 'CONSUL_UNREACHABLE' | 'CONSUL_REQUEST_FAILED',
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

interface ClientErrorShape {
  isAbort?: boolean;
  isTimeout?: boolean;
  isResponse?: boolean;
  code?: unknown;
  message?: unknown;
  response?: { statusCode?: unknown; body?: unknown };
}

/** Classifies an error thrown by the `consul` client (papi) or by Node's HTTP stack. */
export function classifyConsulError(error: unknown): ConsulFailure {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ClientErrorShape;
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  if (shape.isAbort) return { kind: 'aborted', text: 'request aborted' };
  const status = shape.response?.statusCode;
  if (typeof status === 'number' && (shape.isResponse || status >= 400)) {
    const body = shape.response?.body;
    const text = typeof body === 'string' && body !== '' ? body : Buffer.isBuffer(body) && body.length > 0 ? body.toString('utf8') : message;
    return { kind: 'http', status, text };
  }
  if (shape.isTimeout) return { kind: 'unreachable', text: message };
  if (typeof shape.code === 'string' && /^E[A-Z]+/.test(shape.code)) return { kind: 'unreachable', text: `${shape.code}: ${message}` };
  return { kind: 'other', text: message };
}

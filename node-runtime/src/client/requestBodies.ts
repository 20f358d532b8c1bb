/**
 * Request bodies with the exact snake_case keys of reference §4 (the server decodes Go-style, and a
 * numeric id given as a string or a fraction fails the whole request, so ids are checked here).
 * Absent optional fields are left out: Go reads an absent key as the zero value anyway.
 */
import { RequestRejectedError } from './clientErrors.js';

/** What the Go client puts in `sent_at`: the zero time (the server passes it through). */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Longest `client_msg_id` the server accepts (extension doc). */
export const MAX_CLIENT_MSG_ID_LENGTH = 64;

export function uintField(name: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RequestRejectedError('BAD_ARGUMENT', `${name} must be an integer from 0 to ${max}, got ${String(value)}`);
  }
  return value;
}

export function intField(name: string, value: number): number {
  if (!Number.isInteger(value)) {
    throw new RequestRejectedError('BAD_ARGUMENT', `${name} must be an integer, got ${String(value)}`);
  }
  return value;
}

export function clientMsgIdField(value: string): string {
  if (value.length === 0 || value.length > MAX_CLIENT_MSG_ID_LENGTH) {
    throw new RequestRejectedError(
      'BAD_ARGUMENT',
      `clientMsgId must be 1 to ${MAX_CLIENT_MSG_ID_LENGTH} characters, got ${value.length}`,
    );
  }
  return value;
}

/** Copies the entries whose value is not undefined. */
export function defined(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

export function textBody(to: string, content: string, type: string | undefined, clientMsgId?: string) {
  return defined({ to_user_id: to, content, type, sent_at: GO_ZERO_TIME, client_msg_id: clientMsgId });
}

/** group_id is uint32 in 310 and uint elsewhere; uint32 is the safe bound for both. */
export function groupIdField(groupId: number): number {
  return uintField('groupId', groupId, 0xffff_ffff);
}

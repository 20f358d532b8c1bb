/** Reading and writing frame bodies: JSON with errors that say which message was unreadable. */
import type { Frame } from '../protocol/frame.js';
import { msgIdName } from '../protocol/messageIds.js';
import { ProtocolViolationError } from './clientErrors.js';

export function parseJson<T>(frame: Frame): T {
  let value: unknown;
  try {
    value = JSON.parse(frame.body.toString('utf8'));
  } catch (error) {
    throw new ProtocolViolationError(`${msgIdName(frame.id)} (${frame.id}) body is not JSON: ${preview(frame.body)}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null) {
    throw new ProtocolViolationError(`${msgIdName(frame.id)} (${frame.id}) body is not a JSON object: ${preview(frame.body)}`);
  }
  return value as T;
}

export function clientMsgIdOf(frame: Frame): string | undefined {
  try {
    const value = JSON.parse(frame.body.toString('utf8')) as { client_msg_id?: unknown };
    return typeof value.client_msg_id === 'string' && value.client_msg_id !== '' ? value.client_msg_id : undefined;
  } catch {
    return undefined;
  }
}

export function bodyValue(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function toWireBody(body: Buffer | string | object): Buffer | string {
  return Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
}

function preview(body: Buffer): string {
  const text = body.toString('utf8');
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

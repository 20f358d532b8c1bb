/**
 * The building blocks of every admin argument check: IPC and HTTP callers are untrusted, so each
 * field is verified and a refusal (AdminError 'BAD_ARGUMENT') names the method and the field.
 */
import { AdminError } from './adminErrors.js';

export const bad = (method: string, message: string): AdminError => new AdminError('BAD_ARGUMENT', `${method}: ${message}`);

export function noArgument(method: string) {
  return (arg: unknown): null => {
    if (arg !== null && arg !== undefined) throw bad(method, 'takes no argument (send null)');
    return null;
  };
}

/** A plain object with only the `allowed` fields. */
export function record(method: string, arg: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) throw bad(method, `the argument must be an object with ${allowed.join(', ')}`);
  for (const key of Object.keys(arg)) {
    if (!allowed.includes(key)) throw bad(method, `unknown field "${key.slice(0, 40)}" (allowed: ${allowed.join(', ')})`);
  }
  return arg as Record<string, unknown>;
}

/** A string field of at most `max` characters (`fallback` when absent). */
export function text(method: string, fields: Record<string, unknown>, field: string, max: number, fallback?: string): string {
  const value = fields[field] ?? fallback;
  if (typeof value !== 'string') throw bad(method, `field "${field}" must be a string`);
  if (value.length > max) throw bad(method, `field "${field}" is longer than ${max} characters`);
  return value;
}

/** A whole number in [min, max] (`fallback` when absent). */
export function integer(method: string, fields: Record<string, unknown>, field: string, min: number, max: number, fallback?: number): number {
  const value = fields[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw bad(method, `field "${field}" must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/** A boolean field (`fallback` when absent). */
export function flag(method: string, fields: Record<string, unknown>, field: string, fallback?: boolean): boolean {
  const value = fields[field] ?? fallback;
  if (typeof value !== 'boolean') throw bad(method, `field "${field}" must be true or false`);
  return value;
}

export const NODE_ID = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** A node id field (letters, digits, "_", "-", dots between). */
export function nodeIdField(method: string, fields: Record<string, unknown>, field = 'nodeId'): string {
  const nodeId = text(method, fields, field, 128);
  if (!NODE_ID.test(nodeId)) throw bad(method, `field "${field}" is not a node id (letters, digits, "_", "-")`);
  return nodeId;
}

/**
 * A remote-control command as it travels on `admin.control.<nodeId>`: the node it is for, the
 * action, when it was issued and a random nonce, signed with HMAC-SHA256 under the cluster's
 * shared admin secret. The signature covers a canonical text of exactly those four fields, so a
 * command cannot be re-aimed at another node, turned into another action or replayed later.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CONTROL_ACTIONS = ['drain', 'kill', 'restart'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export interface ControlCommand {
  nodeId: string;
  action: ControlAction;
  /** ms since the epoch, by the sender's clock. */
  issuedAt: number;
  /** 32 hex characters, never reused. */
  nonce: string;
  /** hex HMAC-SHA256 of canonicalCommand(). */
  signature: string;
}

/** The shortest secret a node accepts: a secret an attacker could guess would make the subject an open door. */
export const MIN_SECRET_LENGTH = 16;

export function canonicalCommand(command: Pick<ControlCommand, 'nodeId' | 'action' | 'issuedAt' | 'nonce'>): string {
  return ['chat-zinx-control/v1', command.nodeId, command.action, String(command.issuedAt), command.nonce].join('\n');
}

export function signCommand(secret: string, nodeId: string, action: ControlAction, issuedAt: number, nonce = randomBytes(16).toString('hex')): ControlCommand {
  const unsigned = { nodeId, action, issuedAt, nonce };
  return { ...unsigned, signature: hmac(secret, canonicalCommand(unsigned)) };
}

/** Constant-time comparison of the signature with the one the secret gives. */
export function hasValidSignature(secret: string, command: ControlCommand): boolean {
  const expected = Buffer.from(hmac(secret, canonicalCommand(command)), 'hex');
  const given = /^[0-9a-f]{64}$/.test(command.signature) ? Buffer.from(command.signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The command's shape, or a reason it has none (the body came from anyone on the bus). */
export function parseCommand(data: Uint8Array): ControlCommand | string {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return 'the command is not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the command must be a JSON object';
  const fields = value as Record<string, unknown>;
  if (typeof fields['nodeId'] !== 'string') return 'the command has no nodeId';
  if (!(CONTROL_ACTIONS as readonly unknown[]).includes(fields['action'])) return `the action must be one of ${CONTROL_ACTIONS.join(', ')}`;
  if (typeof fields['issuedAt'] !== 'number' || !Number.isSafeInteger(fields['issuedAt'])) return 'the command has no issuedAt';
  if (typeof fields['nonce'] !== 'string' || !/^[0-9a-f]{16,64}$/.test(fields['nonce'])) return 'the command has no nonce (16-64 hex characters)';
  if (typeof fields['signature'] !== 'string') return 'the command is not signed';
  return {
    nodeId: fields['nodeId'],
    action: fields['action'] as ControlAction,
    issuedAt: fields['issuedAt'],
    nonce: fields['nonce'],
    signature: fields['signature'],
  };
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/**
 * The only place bus subjects are built. Every variable part is checked to be one plain token,
 * so no user-controlled id can add tokens or wildcards (`.`, `*`, `>`, spaces, unicode) and
 * widen or change what a subject means (chat-zinx defect §7.5.2).
 */
import { ChatError } from '../../common/errors.js';

const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

export class InvalidSubjectTokenError extends ChatError {
  override readonly name = 'InvalidSubjectTokenError';
  constructor(readonly token: string) {
    super('INVALID_SUBJECT_TOKEN', `not a safe subject token: ${JSON.stringify(token.slice(0, 64))}`);
  }
}

export function subjectToken(value: string | number): string {
  const token = String(value);
  if (!TOKEN.test(token)) throw new InvalidSubjectTokenError(token);
  return token;
}

/** Numeric ids must be non-negative safe integers: NaN, Infinity or 1e-7 never name a subject. */
function idToken(id: number): string {
  if (!Number.isSafeInteger(id) || id < 0) throw new InvalidSubjectTokenError(String(id));
  return String(id);
}

export const Subjects = {
  chatAll: 'chat.>',
  systemAll: 'system.>',
  p2p: (userId: number) => `chat.p2p.${idToken(userId)}`,
  group: (groupId: number) => `chat.group.${idToken(groupId)}`,
  groupMembership: (groupId: number) => `system.membership.${idToken(groupId)}`,
  groupMembershipAll: 'system.membership.*',
  system: (event: string) => `system.${subjectToken(event)}`,
  /** Request/reply: a node's live stats, asked for by the console. */
  nodeStats: (nodeId: string) => `admin.node.${subjectToken(nodeId)}.stats`,
} as const;

/** Group text (§4.10) and group history paging (§4.9, 234). */
import { randomUUID } from 'node:crypto';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { GroupMessageRecord } from '../cluster/store/records.js';
import type { MessageRouter } from './messageRouter.js';
import type { SessionUser } from './sessionUser.js';

export type GroupSendResult =
  | { ok: true; record: GroupMessageRecord; duplicate: boolean }
  | { ok: false; reason: 'not_member' }
  /** The membership check, the store, or (stored, pushed here) the publish to other nodes failed. */
  | { ok: false; reason: 'membership_failed' | 'store_failed' | 'route_failed'; error: string };

export interface GroupSendInput {
  groupId: number;
  content: string;
  clientMsgId?: string;
}

export type GroupHistoryResult =
  | { ok: true; messages: GroupMessageRecord[]; hasMore: boolean }
  | { ok: false; reason: 'not_member' };

export class GroupMessageService {
  constructor(
    private readonly store: ChatStore,
    private readonly router: MessageRouter,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Messages of one sender, in order. Stores first, then pushes: a message nobody can find in
   * history is never pushed (unlike §4.10 step 5). Membership checks together, stores issued in
   * order, then pushes and publishes in order — so a run's pushes to one member leave in one socket write.
   * One result per input.
   */
  async sendMany(sender: SessionUser, inputs: readonly GroupSendInput[]): Promise<GroupSendResult[]> {
    const members = await Promise.allSettled(inputs.map((input) => this.store.getMember(input.groupId, sender.id)));
    const results: GroupSendResult[] = new Array(inputs.length);
    const storing: Array<{ index: number; createdAt: number; stored: ReturnType<ChatStore['appendGroupMessage']> }> = [];
    inputs.forEach((input, index) => {
      const member = members[index] as PromiseSettledResult<unknown>;
      if (member.status === 'rejected') return void (results[index] = { ok: false, reason: 'membership_failed', error: describe(member.reason) });
      if (!member.value) return void (results[index] = { ok: false, reason: 'not_member' });
      const createdAt = this.now();
      const stored = this.store.appendGroupMessage({
        msgId: randomUUID(),
        groupId: input.groupId,
        senderId: sender.id,
        senderUuid: sender.uuid,
        senderName: sender.username,
        content: input.content,
        createdAt,
        ...(input.clientMsgId ? { clientMsgId: input.clientMsgId } : {}),
      });
      storing.push({ index, createdAt, stored });
    });
    const stored = await Promise.allSettled(storing.map((item) => item.stored));
    const routing: Array<{ index: number; record: GroupMessageRecord; routed: Promise<void> }> = [];
    storing.forEach(({ index, createdAt }, at) => {
      const outcome = stored[at] as PromiseSettledResult<{ record: GroupMessageRecord; duplicate: boolean }>;
      if (outcome.status === 'rejected') return void (results[index] = { ok: false, reason: 'store_failed', error: describe(outcome.reason) });
      const { record, duplicate } = outcome.value;
      if (duplicate) return void (results[index] = { ok: true, record, duplicate: true });
      // Called in order within this loop: pushes and publishes leave in message order.
      routing.push({ index, record, routed: this.router.routeGroup(record, createdAt) });
    });
    const routed = await Promise.allSettled(routing.map((item) => item.routed));
    routing.forEach(({ index, record }, at) => {
      const outcome = routed[at] as PromiseSettledResult<void>;
      results[index] = outcome.status === 'fulfilled' ? { ok: true, record, duplicate: false } : { ok: false, reason: 'route_failed', error: describe(outcome.reason) };
    });
    return results;
  }

  /** Newest first; `lastId` > 0 pages to older messages; `hasMore` from fetching one extra row. */
  async history(user: SessionUser, input: { groupId: number; lastId: number; limit: number }): Promise<GroupHistoryResult> {
    if (!(await this.store.getMember(input.groupId, user.id))) return { ok: false, reason: 'not_member' };
    const limit = input.limit <= 0 ? 20 : Math.min(input.limit, 100);
    const rows = await this.store.groupHistory(input.groupId, input.lastId, limit + 1);
    return { ok: true, messages: rows.slice(0, limit), hasMore: rows.length > limit };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

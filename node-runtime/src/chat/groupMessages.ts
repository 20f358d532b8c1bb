/** Group text (§4.10) and group history paging (§4.9, 234). */
import { randomUUID } from 'node:crypto';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { GroupMessageRecord } from '../cluster/store/records.js';
import type { MessageRouter } from './messageRouter.js';
import type { SessionUser } from './sessionUser.js';

export type GroupSendResult =
  | { ok: true; record: GroupMessageRecord; duplicate: boolean }
  | { ok: false; reason: 'not_member' | 'store_failed'; error?: string };

export type GroupHistoryResult =
  | { ok: true; messages: GroupMessageRecord[]; hasMore: boolean }
  | { ok: false; reason: 'not_member' };

export class GroupMessageService {
  constructor(
    private readonly store: ChatStore,
    private readonly router: MessageRouter,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores first, then pushes: a message nobody can find in history is never pushed (unlike §4.10 step 5). */
  async send(sender: SessionUser, input: { groupId: number; content: string; clientMsgId?: string }): Promise<GroupSendResult> {
    if (!(await this.store.getMember(input.groupId, sender.id))) return { ok: false, reason: 'not_member' };
    const createdAt = this.now();
    let stored;
    try {
      stored = await this.store.appendGroupMessage({
      msgId: randomUUID(),
      groupId: input.groupId,
      senderId: sender.id,
      senderUuid: sender.uuid,
      senderName: sender.username,
      content: input.content,
      createdAt,
      ...(input.clientMsgId ? { clientMsgId: input.clientMsgId } : {}),
      });
    } catch (error) {
      return { ok: false, reason: 'store_failed', error: error instanceof Error ? error.message : String(error) };
    }
    const { record, duplicate } = stored;
    if (!duplicate) await this.router.routeGroup(record, createdAt);
    return { ok: true, record, duplicate };
  }

  /** Newest first; `lastId` > 0 pages to older messages; `hasMore` from fetching one extra row. */
  async history(user: SessionUser, input: { groupId: number; lastId: number; limit: number }): Promise<GroupHistoryResult> {
    if (!(await this.store.getMember(input.groupId, user.id))) return { ok: false, reason: 'not_member' };
    const limit = input.limit <= 0 ? 20 : Math.min(input.limit, 100);
    const rows = await this.store.groupHistory(input.groupId, input.lastId, limit + 1);
    return { ok: true, messages: rows.slice(0, limit), hasMore: rows.length > limit };
  }
}

/** P2P text, its history and chat relations (§4.5, §4.7, §4.8). */
import { randomUUID } from 'node:crypto';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { DirectHistoryEntry, MailboxEntry } from '../cluster/store/records.js';
import type { MessageRouter } from './messageRouter.js';
import type { SessionUser } from './sessionUser.js';
import { resolveUser } from './userResolver.js';

export type SendDirectResult =
  | { ok: true; entry: MailboxEntry; toUuid: string; duplicate: boolean }
  | { ok: false; reason: 'unknown_recipient' };

export type HistoryResult =
  | { ok: true; messages: DirectHistoryEntry[] }
  | { ok: false; reason: 'no_target' }
  | { ok: false; reason: 'unknown_uuid' | 'unknown_username'; target: string };

export class DirectMessageService {
  constructor(
    private readonly store: ChatStore,
    private readonly router: MessageRouter,
    private readonly now: () => number = Date.now,
  ) {}

  async send(
    sender: SessionUser,
    input: { to: string; content: string; type: string; clientMsgId?: string },
  ): Promise<SendDirectResult> {
    const recipient = await resolveUser(this.store, input.to);
    if (!recipient) return { ok: false, reason: 'unknown_recipient' };
    const message = {
      msgId: randomUUID(),
      fromId: sender.id,
      fromUuid: sender.uuid,
      toId: recipient.id,
      toInput: input.to,
      content: input.content,
      type: input.type,
      sentAt: this.now(),
      ...(input.clientMsgId ? { clientMsgId: input.clientMsgId } : {}),
    };
    const stored = await this.store.storeDirectMessage(message);
    if (stored.duplicateOf) return { ok: true, entry: stored.duplicateOf, toUuid: recipient.uuid, duplicate: true };
    const entry: MailboxEntry = { ...message, seq: stored.seq };
    await this.router.routeDirect(entry);
    return { ok: true, entry, toUuid: recipient.uuid, duplicate: false };
  }

  /**
   * The newest `limit` messages with one peer, oldest first. Unlike chat-zinx (§8.5) a UUID
   * that matches nobody falls back to the username, because the Go client puts the same text
   * in both fields.
   */
  async history(user: SessionUser, input: { targetUserUuid: string; targetUsername: string; limit: number }): Promise<HistoryResult> {
    const limit = input.limit <= 0 ? 50 : Math.min(input.limit, 200);
    const { targetUserUuid: uuid, targetUsername: username } = input;
    if (uuid === '' && username === '') return { ok: false, reason: 'no_target' };
    let peer = uuid !== '' ? await this.store.getUserByUuid(uuid) : null;
    if (!peer) peer = await this.store.getUserByUsername(username !== '' ? username : uuid);
    if (!peer) {
      return uuid !== '' && username === ''
        ? { ok: false, reason: 'unknown_uuid', target: uuid }
        : { ok: false, reason: 'unknown_username', target: username !== '' ? username : uuid };
    }
    return { ok: true, messages: await this.store.directHistory(user.id, peer.id, limit) };
  }

  relations(userId: number): Promise<number[]> {
    return this.store.relations(userId);
  }
}

/** P2P text, its history and chat relations (§4.5, §4.7, §4.8). */
import { randomUUID } from 'node:crypto';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { DirectHistoryEntry, MailboxEntry, UserRecord } from '../cluster/store/records.js';
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

/** How long a resolved recipient is trusted without asking the store again, and how many are kept. */
export const RECIPIENT_CACHE_MS = 60_000;
export const RECIPIENT_CACHE_ENTRIES = 50_000;

type Recipient = Pick<UserRecord, 'id' | 'uuid'>;

export class DirectMessageService {
  /**
   * Recipients as the sender typed them (UUID or username) → user. Both are immutable and users
   * are never deleted, so a hit is always right; the bound in time only limits what a store that
   * lost its data (Redis without persistence) could leave behind. Saves two store round trips per
   * message (bench/README.md). Numeric references are not cached: a user registered later under
   * that name would win over the id.
   */
  private readonly recipients = new Map<string, { user: Recipient; until: number }>();

  constructor(
    private readonly store: ChatStore,
    private readonly router: MessageRouter,
    private readonly now: () => number = Date.now,
  ) {}

  async send(
    sender: SessionUser,
    input: { to: string; content: string; type: string; clientMsgId?: string },
  ): Promise<SendDirectResult> {
    const recipient = await this.resolveRecipient(input.to);
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

  private async resolveRecipient(reference: string): Promise<Recipient | null> {
    const now = this.now();
    const cached = this.recipients.get(reference);
    if (cached && cached.until > now) return cached.user;
    const user = await resolveUser(this.store, reference);
    if (user && (user.uuid === reference || user.username === reference)) {
      this.recipients.delete(reference);
      if (this.recipients.size >= RECIPIENT_CACHE_ENTRIES) this.recipients.delete(this.recipients.keys().next().value as string);
      this.recipients.set(reference, { user: { id: user.id, uuid: user.uuid }, until: now + RECIPIENT_CACHE_MS });
    }
    return user;
  }
}

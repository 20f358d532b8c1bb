/** P2P text, its history and chat relations (§4.5, §4.7, §4.8). */
import { randomUUID } from 'node:crypto';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { DirectHistoryEntry, DirectMessageInput, MailboxEntry, UserRecord } from '../cluster/store/records.js';
import type { MessageRouter } from './messageRouter.js';
import type { SessionUser } from './sessionUser.js';
import { resolveUser } from './userResolver.js';

export type SendDirectResult =
  | { ok: true; entry: MailboxEntry; toUuid: string; duplicate: boolean }
  | { ok: false; reason: 'unknown_recipient' }
  /** Not stored, or stored but not routed: the sender is told to retry (a retry with its clientMsgId is stored once). */
  | { ok: false; reason: 'failed'; error: unknown };

export interface SendDirectInput {
  to: string;
  content: string;
  type: string;
  clientMsgId?: string;
}

export type HistoryResult =
  | { ok: true; messages: DirectHistoryEntry[] }
  | { ok: false; reason: 'no_target' }
  | { ok: false; reason: 'unknown_uuid' | 'unknown_username'; target: string };

/** How long a resolved recipient is trusted without asking the store again, and how many are kept. */
export const RECIPIENT_CACHE_MS = 60_000;
export const RECIPIENT_CACHE_ENTRIES = 50_000;

type Recipient = Pick<UserRecord, 'id' | 'uuid'>;
type StoredDirect = Awaited<ReturnType<ChatStore['storeDirectMessage']>>;

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

  /**
   * Stores and routes messages of one sender in the order given, together: one store batch, one
   * round of presence reads, the publishes in order (bench/README.md: a sender with several
   * messages in flight costs less per message). One result per input, in order.
   */
  async sendMany(sender: SessionUser, inputs: readonly SendDirectInput[]): Promise<SendDirectResult[]> {
    const recipients = await Promise.allSettled(inputs.map((input) => this.resolveRecipient(input.to)));
    const results: SendDirectResult[] = new Array(inputs.length);
    const storing: Array<{ index: number; recipient: Recipient; message: DirectMessageInput; stored: Promise<StoredDirect> }> = [];
    inputs.forEach((input, index) => {
      const recipient = recipients[index] as PromiseSettledResult<Recipient | null>;
      if (recipient.status === 'rejected') return void (results[index] = { ok: false, reason: 'failed', error: recipient.reason });
      if (!recipient.value) return void (results[index] = { ok: false, reason: 'unknown_recipient' });
      const message: DirectMessageInput = {
        msgId: randomUUID(),
        fromId: sender.id,
        fromUuid: sender.uuid,
        toId: recipient.value.id,
        toInput: input.to,
        content: input.content,
        type: input.type,
        sentAt: this.now(),
        ...(input.clientMsgId ? { clientMsgId: input.clientMsgId } : {}),
      };
      // Called in input order within this turn: the store commits them in this order.
      storing.push({ index, recipient: recipient.value, message, stored: this.store.storeDirectMessage(message) });
    });
    const stored = await Promise.allSettled(storing.map((item) => item.stored));
    const fresh: Array<{ index: number; toUuid: string; entry: MailboxEntry }> = [];
    storing.forEach(({ index, recipient, message }, at) => {
      const outcome = stored[at] as PromiseSettledResult<StoredDirect>;
      if (outcome.status === 'rejected') results[index] = { ok: false, reason: 'failed', error: outcome.reason };
      else if (outcome.value.duplicateOf) results[index] = { ok: true, entry: outcome.value.duplicateOf, toUuid: recipient.uuid, duplicate: true };
      else fresh.push({ index, toUuid: recipient.uuid, entry: { ...message, seq: outcome.value.seq } });
    });
    const routed = await this.router.routeDirect(fresh.map(({ entry }) => entry));
    fresh.forEach(({ index, toUuid, entry }, at) => {
      const outcome = routed[at] as PromiseSettledResult<void>;
      results[index] = outcome.status === 'fulfilled' ? { ok: true, entry, toUuid, duplicate: false } : { ok: false, reason: 'failed', error: outcome.reason };
    });
    return results;
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

/**
 * A client of the chat-zinx wire protocol, with our opt-in extensions (docs/protocol-extensions.md).
 * Each request method sends one message of reference §4 and resolves with its decoded reply body
 * (error replies included: chat-zinx reports most failures in the body, so check `code`, `status`
 * or `error`). Pushes and connection changes are events (clientEvents.ts). The connection itself,
 * with failover, reconnect, re-login and catch-up, is ClientSession's job.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Frame } from '../protocol/frame.js';
import { ExtMsgId, MsgId } from '../protocol/messageIds.js';
import { ConnectionClosedError } from './clientErrors.js';
import type { ChatClientEvents } from './clientEvents.js';
import { ClientSession, type ChatClientOptions, type ChatClientState } from './clientSession.js';
import { toWireBody } from './frameBodies.js';
import type * as R from './replyTypes.js';
import { clientMsgIdField, defined, groupIdField, intField, textBody, uintField } from './requestBodies.js';

export type { ChatClientOptions, ChatClientState } from './clientSession.js';

export class ChatClient extends EventEmitter<ChatClientEvents> {
  private readonly session: ClientSession;

  constructor(options: ChatClientOptions) {
    super();
    this.session = new ClientSession(options, this);
  }

  get state(): ChatClientState {
    return this.session.state;
  }
  get connected(): boolean {
    return this.session.connected;
  }
  /** `host:port` of the live connection, or null. */
  get currentServer(): string | null {
    return this.session.currentServer;
  }
  /** Data of the last successful login (kept across reconnects). */
  get user(): R.LoginData | null {
    return this.session.user;
  }
  /** Features the server accepted on this connection, or null (legacy: not asked, or not supported). */
  get extensions(): string[] | null {
    return this.session.extensions;
  }
  /** Highest P2P mailbox seq seen (extension); 0 before any. */
  get lastSeq(): number {
    return this.session.lastSeq;
  }

  /**
   * Dials each server once, in order (with `discovery`: the registry's pick first, then the other
   * nodes by load, then `servers`); rejects with AllServersFailedError when none accepts.
   */
  connect(): Promise<void> {
    return this.session.connect();
  }

  /** Flushes pending acks, closes the socket, stops reconnecting and rejects every waiting request. */
  close(): Promise<void> {
    return this.session.close();
  }

  // ---- requests (reference §4; reply types in replyTypes.ts) ----

  async register(req: { username: string; password: string; email: string }): Promise<R.RegisterReply> {
    return this.session.call(MsgId.RegisterReq, { username: req.username, password: req.password, email: req.email }, MsgId.RegisterResp);
  }

  /** Remembers the credentials on success, to log in again after a reconnect. */
  async login(req: { username: string; password: string }): Promise<R.LoginReply> {
    const reply = await this.session.call<R.LoginReply>(MsgId.LoginReq, { username: req.username, password: req.password }, MsgId.LoginResp);
    if (reply.code === 0) this.session.rememberCredentials(req);
    return reply;
  }

  /**
   * P2P text. Extended: resolves with the 1003 SendAck (check `status`); a connection drop is retried
   * with the same clientMsgId, which the server de-duplicates. Legacy: resolves once written (no reply exists).
   */
  async sendText(to: string, content: string, opts: { clientMsgId?: string; type?: string } = {}): Promise<R.SendAck | undefined> {
    // Features are known only once the (re)connection's hello is answered: deciding before ready()
    // would send mid-reconnect text as legacy, without its client_msg_id, so a retry is stored twice.
    const conn = await this.session.ready();
    if (!this.session.hasFeature('ack')) {
      this.session.requireLogin('sendText', 'chat-zinx drops P2P text from a connection that is not logged in');
      this.session.writeChecked(conn, MsgId.TextMsg, JSON.stringify(textBody(to, content, opts.type)));
      return undefined;
    }
    const key = clientMsgIdField(opts.clientMsgId ?? randomUUID());
    return this.session.retryOnDrop(() => this.session.call<R.SendAck>(MsgId.TextMsg, textBody(to, content, opts.type, key), ExtMsgId.SendAck, key));
  }

  /** 211 → 212. Give the uuid or the username (the server tries only the uuid when it is non-empty). */
  async history(req: { targetUserUuid?: string; targetUsername?: string; limit?: number }): Promise<R.HistoryReply> {
    const limit = req.limit === undefined ? undefined : intField('limit', req.limit);
    const body = defined({ target_user_uuid: req.targetUserUuid, target_username: req.targetUsername, limit });
    return this.session.call(MsgId.HistoryMsgReq, body, MsgId.HistoryMsgResp);
  }

  async relations(): Promise<R.RelationsReply> {
    return this.session.call(MsgId.ChatRelationReq, {}, MsgId.ChatRelationResp);
  }

  async createGroup(req: { name: string; description?: string; avatar?: string }): Promise<R.GroupReply<R.CreatedGroup>> {
    return this.session.call(MsgId.CreateGroupReq, defined({ ...req }), MsgId.CreateGroupResp);
  }

  async joinGroup(groupId: number): Promise<R.GroupReply<R.GroupMessageReply>> {
    return this.session.call(MsgId.JoinGroupReq, { group_id: groupIdField(groupId) }, MsgId.JoinGroupResp);
  }

  async leaveGroup(groupId: number): Promise<R.GroupReply<R.GroupMessageReply>> {
    return this.session.call(MsgId.LeaveGroupReq, { group_id: groupIdField(groupId) }, MsgId.LeaveGroupResp);
  }

  async groupMembers(groupId: number): Promise<R.GroupReply<R.GroupMembersReply>> {
    return this.session.call(MsgId.GetGroupMembersReq, { group_id: groupIdField(groupId) }, MsgId.GetGroupMembersResp);
  }

  async myGroups(): Promise<R.GroupReply<R.UserGroupsReply>> {
    return this.session.call(MsgId.GetUserGroupsReq, {}, MsgId.GetUserGroupsResp);
  }

  async updateGroup(req: { groupId: number; name?: string; description?: string; avatar?: string }): Promise<R.GroupReply<R.GroupMessageReply>> {
    const body = defined({ group_id: groupIdField(req.groupId), name: req.name, description: req.description, avatar: req.avatar });
    return this.session.call(MsgId.UpdateGroupInfoReq, body, MsgId.UpdateGroupInfoResp);
  }

  async setMemberRole(groupId: number, targetUserId: number, newRole: 'admin' | 'member' | (string & {})): Promise<R.GroupReply<R.GroupMessageReply>> {
    const body = { group_id: groupIdField(groupId), target_user_id: uintField('targetUserId', targetUserId), new_role: newRole };
    return this.session.call(MsgId.SetMemberRoleReq, body, MsgId.SetMemberRoleResp);
  }

  async removeMember(groupId: number, targetUserId: number): Promise<R.GroupReply<R.GroupMessageReply>> {
    const body = { group_id: groupIdField(groupId), target_user_id: uintField('targetUserId', targetUserId) };
    return this.session.call(MsgId.RemoveMemberReq, body, MsgId.RemoveMemberResp);
  }

  async groupDetails(groupId: number): Promise<R.GroupReply<R.GroupDetails>> {
    return this.session.call(MsgId.GetGroupDetailsReq, { group_id: groupIdField(groupId) }, MsgId.GetGroupDetailsResp);
  }

  /** Newest first; pass the oldest item's `id` as `lastId` for the next page. */
  async groupHistory(groupId: number, opts: { lastId?: number; limit?: number } = {}): Promise<R.GroupReply<R.GroupHistoryReply>> {
    const body = defined({
      group_id: groupIdField(groupId),
      last_id: opts.lastId === undefined ? undefined : uintField('lastId', opts.lastId),
      limit: opts.limit === undefined ? undefined : intField('limit', opts.limit),
    });
    return this.session.call(MsgId.GroupHistoryMsgReq, body, MsgId.GroupHistoryMsgResp);
  }

  /** 310 → 311. Extended: carries a client_msg_id (generated unless given), retried once after a drop. */
  async sendGroupText(groupId: number, content: string, opts: { clientMsgId?: string } = {}): Promise<R.GroupTextReply> {
    const gid = groupIdField(groupId);
    await this.session.ready();
    this.session.requireLogin('sendGroupText', 'chat-zinx drops group text from a connection that is not logged in');
    if (!this.session.hasFeature('ack')) return this.session.call(MsgId.GroupTextMsgReq, { group_id: gid, content }, MsgId.GroupTextMsgResp);
    const key = clientMsgIdField(opts.clientMsgId ?? randomUUID());
    return this.session.retryOnDrop(() =>
      this.session.call<R.GroupTextReply>(MsgId.GroupTextMsgReq, { group_id: gid, content, client_msg_id: key }, MsgId.GroupTextMsgResp, key),
    );
  }

  /** Heartbeat round trip in milliseconds. */
  async ping(): Promise<number> {
    const conn = await this.session.ready();
    const started = performance.now();
    await this.session.requestOn(conn, MsgId.Ping, 'ping', MsgId.Pong);
    return Math.round((performance.now() - started) * 100) / 100;
  }

  /** 1005 → 1006 (extension `sync`). Returns the page; it does not emit the messages as events. */
  async sync(since: number, limit?: number): Promise<R.SyncReply> {
    if (!this.session.hasFeature('sync')) throw this.session.noExtension('sync');
    const body = defined({ since: uintField('since', since), limit: limit === undefined ? undefined : intField('limit', limit) });
    return this.session.call(ExtMsgId.SyncReq, body, ExtMsgId.SyncResp);
  }

  /** 1004 (extension `ack`): everything up to `seq` has arrived. No reply. Pushes are acked automatically. */
  async ackDelivery(seq: number): Promise<void> {
    if (!this.session.hasFeature('ack')) throw this.session.noExtension('ack');
    const conn = await this.session.ready();
    this.session.writeChecked(conn, ExtMsgId.DeliveryAck, JSON.stringify({ seq: uintField('seq', seq) }));
  }

  /** Writes any frame as given (objects become JSON). For tests and experiments: no size or login checks. */
  async sendRaw(id: number, body: Buffer | string | object = Buffer.alloc(0)): Promise<void> {
    const conn = await this.session.ready();
    if (!conn.write(id, toWireBody(body))) throw new ConnectionClosedError(`${conn.server.label}: closing`);
  }

  /** Writes any frame and resolves with the next unclaimed frame of `responseId`. */
  async requestRaw(id: number, body: Buffer | string | object, responseId: number): Promise<Frame> {
    const conn = await this.session.ready();
    return this.session.requestOn(conn, id, toWireBody(body), responseId);
  }
}

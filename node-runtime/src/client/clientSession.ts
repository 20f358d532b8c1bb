/**
 * The connection state machine behind ChatClient (which adds the request methods).
 *
 * connect() dials the servers in order; after a drop the session keeps rotating through them with
 * exponential backoff, re-runs the extension handshake, logs in again with the remembered
 * credentials and, with the `sync` extension, catches up on missed P2P messages. Requests made while
 * reconnecting wait for that (bounded by requestTimeoutMs); requests made with no connection at all
 * fail at once, so nothing is queued silently. Events go out through the ChatClient's emitter.
 */
import type { EventEmitter } from 'node:events';
import { silentLogger, type Logger } from '../common/logger.js';
import type { Frame } from '../protocol/frame.js';
import { ExtMsgId, MsgId, msgIdName } from '../protocol/messageIds.js';
import { backoffDelay, reconnectPolicy, type ReconnectOptions, type ReconnectPolicy } from './backoff.js';
import {
  AllServersFailedError,
  ConnectionClosedError,
  NotConnectedError,
  ProtocolViolationError,
  RequestRejectedError,
  RequestTimeoutError,
  errorText,
} from './clientErrors.js';
import type { ChatClientEvents } from './clientEvents.js';
import { ClientConnection } from './clientConnection.js';
import { DEFAULT_CLIENT_MAX_FRAME_BYTES } from './clientFraming.js';
import { DeliveryTracker } from './deliveryTracker.js';
import { bodyValue, clientMsgIdOf, parseJson } from './frameBodies.js';
import type * as R from './replyTypes.js';
import { parseServerAddress, type ServerAddress } from './serverAddress.js';
import { discoverWithin, type ServerDiscovery } from './serverDiscovery.js';
import { dialTcp, type Dialer } from './tcpDialer.js';

export interface ChatClientOptions {
  /** `host:port` addresses, tried in order; later ones are failovers (after `discovery`'s, when given). */
  servers?: string[];
  /**
   * Asked for the servers to try before connect() and before every reconnect attempt, e.g. the
   * least-loaded passing nodes of a registry (registryDiscovery). Servers that just failed are
   * passed as `avoid`; `servers` remain the fallback when it fails or finds none.
   */
  discovery?: ServerDiscovery;
  /** Reconnect after a drop (default on), or false to stay disconnected. */
  reconnect?: false | ReconnectOptions;
  /** Send ExtHelloReq (1001) on every connect. Default true; false behaves exactly like chat-zinx's Go client. */
  extensions?: boolean;
  /** Per request; also bounds waiting for a reconnect and dialing. Default 10 000. */
  requestTimeoutMs?: number;
  /** Sent in ExtHelloReq. */
  clientName?: string;
  /** Ping interval once logged in, like the Go client (30 000); false for none. A missed pong drops the connection. */
  heartbeatMs?: number | false;
  /** Largest inbound body accepted. Default 16 MiB (the server never caps what it sends). */
  maxFrameBytes?: number;
  /** Largest request body sent; the server's `max_frame` replaces it when extended. Default 8192 (chat-zinx's limit). */
  maxSendBytes?: number;
  /** 1004 batching window. Default 20 ms. */
  ackBatchMs?: number;
  /** How sockets are opened; default TCP. */
  dialer?: Dialer;
  logger?: Logger;
}

export type ChatClientState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';

const CLIENT_NAME = 'chat-zinx-console-client/0.1.0';
const SYNC_PAGE = 500;
/** Replies that may echo a client_msg_id and are matched to their request by it. */
const KEYED_REPLIES = new Set<number>([ExtMsgId.SendAck, MsgId.GroupTextMsgResp]);

/** Internal to the client folder: ChatClient is the public face. */
export class ClientSession {
  private readonly servers: ServerAddress[];
  private readonly discovery: ServerDiscovery | undefined;
  /** With discovery: servers that failed since the last successful connection, not picked again meanwhile. */
  private readonly avoid = new Set<string>();
  private readonly policy: ReconnectPolicy | null;
  private readonly wantExtensions: boolean;
  private readonly timeoutMs: number;
  private readonly heartbeatMs: number | false;
  private readonly dial: Dialer;
  private readonly log: Logger;
  private readonly tracker: DeliveryTracker<R.TextPush>;
  private fillingGap = false;

  private stateValue: ChatClientState = 'idle';
  private conn: ClientConnection | undefined;
  private announced: ClientConnection | undefined;
  private serverIndex = 0;
  private hello: R.ExtHelloReply | null = null;
  private userData: R.LoginData | null = null;
  private loggedInHere = false;
  private relogging = false;
  private credentials: { username: string; password: string } | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readyWaiters = new Set<{ resolve(): void; reject(e: Error): void }>();
  private cancelSleep: (() => void) | undefined;
  private connecting: Promise<void> | undefined;

  constructor(
    private readonly options: ChatClientOptions,
    private readonly events: EventEmitter<ChatClientEvents>,
  ) {
    if ((options.servers ?? []).length === 0 && !options.discovery) {
      throw new RequestRejectedError('BAD_ARGUMENT', 'servers: give at least one host:port, or a discovery (registry)');
    }
    this.servers = (options.servers ?? []).map((s) => parseServerAddress(s));
    this.discovery = options.discovery;
    this.policy = options.reconnect === false ? null : reconnectPolicy(options.reconnect);
    this.wantExtensions = options.extensions ?? true;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
    this.dial = options.dialer ?? dialTcp;
    this.log = options.logger ?? silentLogger;
    this.tracker = new DeliveryTracker((seq) => this.writeAck(seq), options.ackBatchMs ?? 20, () => this.fillGap());
  }

  get state(): ChatClientState {
    return this.stateValue;
  }
  get connected(): boolean {
    return this.stateValue === 'ready' && this.conn?.isOpen === true;
  }
  get currentServer(): string | null {
    return this.conn?.server.label ?? null;
  }
  /** Data of the last successful login (kept across reconnects). */
  get user(): R.LoginData | null {
    return this.userData;
  }
  /** Features the server accepted on this connection, or null (legacy: not asked, or not supported). */
  get extensions(): string[] | null {
    return this.hello ? [...this.hello.features] : null;
  }
  /** Highest P2P mailbox seq seen (extension); 0 before any. */
  get lastSeq(): number {
    return this.tracker.lastSeq;
  }

  /** Dials each server once, in order; rejects with AllServersFailedError when none accepts. */
  connect(): Promise<void> {
    if (this.stateValue === 'ready') return Promise.resolve();
    if (this.stateValue === 'reconnecting') return this.ready().then(() => undefined);
    this.connecting ??= this.connectOnce().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** Flushes pending acks, closes the socket, stops reconnecting and rejects every waiting request. */
  async close(): Promise<void> {
    this.stateValue = 'closed';
    this.cancelSleep?.();
    this.stopHeartbeat();
    this.tracker.flush();
    this.tracker.dispose();
    this.settleReadyWaiters(new ConnectionClosedError('client closed'));
    await this.conn?.close('closed by client');
  }

  // ---- connection lifecycle ----

  private async connectOnce(): Promise<void> {
    this.stateValue = 'connecting';
    const failures: { server: string; error: unknown }[] = [];
    const servers = this.discovery ? await this.discoverServers(failures) : this.servers;
    for (let index = 0; index < servers.length; index++) {
      const server = servers[index] as ServerAddress;
      try {
        await this.establish(server, this.discovery ? 0 : index);
        return;
      } catch (error) {
        if (this.isClosed()) throw new ConnectionClosedError('client closed while connecting');
        failures.push({ server: server.label, error });
        this.avoid.add(server.label);
      }
    }
    this.stateValue = 'idle';
    const error = new AllServersFailedError(failures);
    this.settleReadyWaiters(error);
    throw error;
  }

  /** Dial, handshake, re-login and catch up; the client is `ready` only when all of it is done. */
  private async establish(server: ServerAddress, index: number): Promise<void> {
    const socket = await this.dial(server, this.timeoutMs);
    if (this.isClosed()) {
      socket.destroy();
      throw new ConnectionClosedError('client closed while connecting');
    }
    const conn = new ClientConnection(server, socket, {
      maxFrameBytes: this.options.maxFrameBytes ?? DEFAULT_CLIENT_MAX_FRAME_BYTES,
      replyKey: (frame) => (KEYED_REPLIES.has(frame.id) ? clientMsgIdOf(frame) : undefined),
      onFrame: (frame, solicited) => this.onFrame(frame, solicited),
      onClose: (reason) => this.onConnectionClosed(conn, reason),
    });
    this.conn = conn;
    this.serverIndex = index;
    this.hello = null;
    this.loggedInHere = false;
    try {
      if (this.wantExtensions) this.hello = await this.handshake(conn);
      this.announced = conn;
      this.events.emit('connected', { server: server.label, extensions: this.extensions });
      if (this.credentials) await this.relogin(conn, this.credentials);
      if (!conn.isOpen) throw new ConnectionClosedError(`${server.label}: closed during setup`);
    } catch (error) {
      await conn.destroy(`setup failed: ${errorText(error)}`);
      throw error;
    }
    this.stateValue = 'ready';
    this.avoid.clear();
    this.settleReadyWaiters();
  }

  /**
   * The discovery's servers, then the fixed ones, without those that failed lately (unless that
   * leaves none: then everything is tried again). A discovery failure is recorded, not thrown.
   */
  private async discoverServers(failures: { server: string; error: unknown }[]): Promise<ServerAddress[]> {
    const discovery = this.discovery as ServerDiscovery;
    for (let round = 0; ; round++) {
      let found: ServerAddress[] = [];
      try {
        found = await discoverWithin(discovery, this.avoid, this.timeoutMs);
      } catch (error) {
        failures.push({ server: discovery.label, error });
        this.log.info('client.discovery_failed', { source: discovery.label, reason: errorText(error) });
      }
      const all = [...new Map([...found, ...this.servers].map((server) => [server.label, server])).values()];
      const usable = all.filter((server) => !this.avoid.has(server.label));
      if (usable.length > 0 || this.avoid.size === 0 || round > 0) return usable.length > 0 ? usable : all;
      this.avoid.clear(); // every known server failed lately: start over
    }
  }

  /**
   * 1001, then a ping as a barrier: the server answers in order, so a pong before any 1002 means it
   * ignored 1001 (a legacy server) and there is no need to wait out a timeout.
   */
  private async handshake(conn: ClientConnection): Promise<R.ExtHelloReply | null> {
    const body = JSON.stringify({ features: ['ack', 'sync'], client: this.options.clientName ?? CLIENT_NAME });
    const hello = this.requestOn(conn, ExtMsgId.HelloReq, body, ExtMsgId.HelloResp, undefined, true);
    const barrier = this.requestOn(conn, MsgId.Ping, 'ping', MsgId.Pong);
    hello.catch(() => {}); // observed below; avoid an unhandled rejection while the barrier runs
    await barrier;
    try {
      const reply = parseJson<R.ExtHelloReply>(await hello);
      return { ...reply, features: Array.isArray(reply.features) ? reply.features : [] };
    } catch (error) {
      if (error instanceof ConnectionClosedError) throw error;
      this.log.info('client.ext_unavailable', { server: conn.server.label, reason: errorText(error) });
      return null;
    }
  }

  private async relogin(conn: ClientConnection, creds: { username: string; password: string }): Promise<void> {
    this.relogging = true;
    let reply: R.LoginReply;
    try {
      reply = parseJson<R.LoginReply>(await this.requestOn(conn, MsgId.LoginReq, JSON.stringify(creds), MsgId.LoginResp));
    } finally {
      this.relogging = false;
    }
    if (reply.code !== 0) {
      this.emitError(new RequestRejectedError('NOT_LOGGED_IN', `re-login as ${creds.username} failed (code ${reply.code}): ${reply.msg}`));
      return;
    }
    if (!this.hasFeature('sync')) return;
    try {
      await this.catchUp(conn);
    } catch (error) {
      if (error instanceof ConnectionClosedError) throw error;
      this.emitError(new ProtocolViolationError(`catch-up sync failed: ${errorText(error)}`, { cause: error }));
    }
  }

  /** Pulls mailbox entries after the last seq seen and delivers them like pushes (duplicates drop out). */
  private async catchUp(conn: ClientConnection): Promise<void> {
    // Barrier: let the login replay arrive first, so `since` reflects it and the sync returns only the rest.
    await this.requestOn(conn, MsgId.Ping, 'ping', MsgId.Pong);
    let since = this.tracker.lastSeq;
    for (let page = 0; page < 100; page++) {
      const frame = await this.requestOn(conn, ExtMsgId.SyncReq, JSON.stringify({ since, limit: SYNC_PAGE }), ExtMsgId.SyncResp);
      const reply = parseJson<R.SyncReply>(frame);
      const messages = Array.isArray(reply.messages) ? [...reply.messages] : [];
      messages.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
      if (page === 0) for (const push of this.tracker.skipMissing(since, messages[0]?.seq)) this.emitText(push);
      for (const message of messages) this.deliverText(message);
      if (!reply.has_more || !(reply.next_since > since)) return;
      since = reply.next_since;
    }
  }

  /** A seq gap stayed open (a push overtook an earlier one and the earlier never came): sync it. */
  private fillGap(): void {
    const conn = this.conn;
    if (!conn || !this.loggedInHere || !this.hasFeature('sync') || this.fillingGap) return;
    this.fillingGap = true;
    this.catchUp(conn)
      .catch((error: unknown) => {
        if (!(error instanceof ConnectionClosedError)) this.emitError(new ProtocolViolationError(`gap sync failed: ${errorText(error)}`, { cause: error }));
      })
      .finally(() => {
        this.fillingGap = false;
        // Whatever the sync could not put in order is shown now rather than withheld.
        for (const push of this.tracker.releaseHeld()) this.emitText(push);
      });
  }

  private onConnectionClosed(conn: ClientConnection, reason: string): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    this.loggedInHere = false;
    this.stopHeartbeat();
    this.tracker.pause();
    if (this.discovery) this.avoid.add(conn.server.label);
    if (this.announced === conn) {
      this.announced = undefined;
      this.events.emit('disconnected', { server: conn.server.label, reason });
    }
    // While connecting, establish() sees the failure through its rejected requests.
    if (this.stateValue !== 'ready') return;
    if (this.policy) void this.reconnectLoop(this.policy);
    else this.stateValue = 'idle';
  }

  private async reconnectLoop(policy: ReconnectPolicy): Promise<void> {
    this.stateValue = 'reconnecting';
    for (let attempt = 1; this.stateValue === 'reconnecting'; attempt++) {
      // With discovery, the registry is asked again each time (the dead node may still be listed: avoided).
      const index = this.discovery ? 0 : (this.serverIndex + 1) % this.servers.length;
      const server = this.discovery ? (await this.discoverServers([]))[0] : this.servers[index];
      if (this.stateValue !== 'reconnecting') return;
      const delayMs = backoffDelay(policy, attempt);
      this.events.emit('reconnecting', { attempt, delayMs, server: server?.label ?? (this.discovery as ServerDiscovery).label });
      await this.sleep(delayMs);
      if (this.stateValue !== 'reconnecting' || !server) continue;
      try {
        await this.establish(server, index);
        return;
      } catch (error) {
        this.serverIndex = index;
        this.avoid.add(server.label);
        this.log.info('client.reconnect_failed', { server: server.label, attempt, reason: errorText(error) });
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.cancelSleep = done;
    });
  }

  // ---- inbound frames ----

  private onFrame(frame: Frame, solicited: boolean): void {
    if (frame.id === MsgId.LoginResp) this.observeLogin(frame);
    if (solicited) return;
    switch (frame.id) {
      case MsgId.TextMsg: {
        const push = this.parsePush<R.TextPush>(frame);
        if (push) this.deliverText(push);
        return;
      }
      case MsgId.GroupTextMsgPush: {
        const push = this.parsePush<R.GroupTextPush>(frame);
        if (push) this.events.emit('groupText', push);
        return;
      }
      case MsgId.Pong:
        return; // a pong whose ping timed out: nothing to tell anyone
      default:
        this.events.emit('notification', { id: frame.id, body: bodyValue(frame.body), raw: frame.body });
    }
  }

  /** Runs synchronously as the 105 arrives, before any login replay that follows it. */
  private observeLogin(frame: Frame): void {
    let reply: R.LoginReply;
    try {
      reply = parseJson<R.LoginReply>(frame);
    } catch {
      return;
    }
    if (reply.code !== 0 || !reply.data) return;
    // Another account on this client: its mailbox seqs have nothing to do with the previous one's.
    if (this.userData && this.userData.user_uuid !== reply.data.user_uuid) this.tracker.reset();
    this.userData = reply.data;
    this.loggedInHere = true;
    this.tracker.resume();
    this.startHeartbeat();
    this.events.emit('loggedIn', { user: reply.data, relogin: this.relogging });
  }

  private deliverText(push: R.TextPush): void {
    // Only an `ack` connection gets seqs; never ack (1004) on a legacy one, whatever arrives.
    if (typeof push.seq !== 'number' || !this.hasFeature('ack')) {
      this.emitText(push);
      return;
    }
    for (const ready of this.tracker.accept(push.seq, push)) this.emitText(ready);
  }

  private emitText(push: R.TextPush): void {
    this.events.emit('text', push);
  }


  private parsePush<T>(frame: Frame): T | undefined {
    try {
      return parseJson<T>(frame);
    } catch (error) {
      this.emitError(error as Error);
      this.events.emit('notification', { id: frame.id, body: bodyValue(frame.body), raw: frame.body });
      return undefined;
    }
  }

  // ---- used by ChatClient's requests ----

  /** Remembered for the automatic re-login after a reconnect. */
  rememberCredentials(credentials: { username: string; password: string }): void {
    this.credentials = { ...credentials };
  }

  async call<T>(id: number, body: object, responseId: number, key?: string): Promise<T> {
    const conn = await this.ready();
    const text = JSON.stringify(body);
    const limit = this.hello?.max_frame || this.options.maxSendBytes || 8192;
    if (Buffer.byteLength(text) > limit) {
      throw new RequestRejectedError('BODY_TOO_LARGE', `${msgIdName(id)} body is ${Buffer.byteLength(text)} bytes; the server accepts at most ${limit}`);
    }
    return parseJson<T>(await this.requestOn(conn, id, text, responseId, key));
  }

  requestOn(conn: ClientConnection, id: number, body: Buffer | string, responseId: number, key?: string, strict?: boolean): Promise<Frame> {
    return conn.request(id, body, {
      label: `${msgIdName(id)} (${id})`,
      responseId,
      ...(key === undefined ? {} : { key }),
      timeoutMs: this.timeoutMs,
      // An extended server is ours and answers strictly in order; chat-zinx's Go server does not.
      strictOrder: strict ?? this.hello !== null,
    });
  }

  /** The live connection, waiting for a reconnect in progress (bounded by requestTimeoutMs). */
  async ready(): Promise<ClientConnection> {
    if (this.stateValue === 'ready' && this.conn?.isOpen) return this.conn;
    const reconnecting = this.stateValue === 'reconnecting' || this.stateValue === 'connecting' ||
      (this.stateValue === 'ready' && this.policy !== null);
    if (!reconnecting) {
      throw new NotConnectedError(this.stateValue === 'closed' ? 'not connected: the client was closed' : undefined);
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.readyWaiters.delete(waiter);
        reject(new RequestTimeoutError('waiting for the reconnect', this.timeoutMs));
      }, this.timeoutMs);
      const waiter = {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e: Error) => (clearTimeout(timer), reject(e)),
      };
      this.readyWaiters.add(waiter);
    });
    return this.ready();
  }

  private settleReadyWaiters(error?: Error): void {
    const waiters = [...this.readyWaiters];
    this.readyWaiters.clear();
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  async retryOnDrop<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      // Safe only because the request carries a client_msg_id the server de-duplicates.
      if (error instanceof ConnectionClosedError && this.stateValue === 'reconnecting') return send();
      throw error;
    }
  }

  writeChecked(conn: ClientConnection, id: number, body: string): void {
    const limit = this.options.maxSendBytes ?? 8192;
    if (Buffer.byteLength(body) > limit) {
      throw new RequestRejectedError('BODY_TOO_LARGE', `${msgIdName(id)} body is ${Buffer.byteLength(body)} bytes; the server accepts at most ${limit}`);
    }
    if (!conn.write(id, body)) throw new ConnectionClosedError(`${conn.server.label}: closing`);
  }

  private writeAck(seq: number): boolean {
    return this.conn?.write(ExtMsgId.DeliveryAck, JSON.stringify({ seq })) ?? false;
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    if (this.heartbeatMs === false || this.heartbeatMs <= 0) return;
    this.heartbeat = setInterval(() => {
      const conn = this.conn;
      if (!conn?.isOpen) return;
      this.requestOn(conn, MsgId.Ping, 'ping', MsgId.Pong, undefined, false).catch((error: unknown) => {
        if (error instanceof RequestTimeoutError) void conn.destroy('heartbeat: no pong');
      });
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** A method, not a property read, so TypeScript does not narrow it away across awaits. */
  private isClosed(): boolean {
    return this.stateValue === 'closed';
  }

  hasFeature(name: string): boolean {
    return this.hello?.features.includes(name) ?? false;
  }

  requireLogin(what: string, why: string): void {
    if (!this.loggedInHere) throw new RequestRejectedError('NOT_LOGGED_IN', `${what}: log in first (${why})`);
  }

  noExtension(name: string): RequestRejectedError {
    const why = this.wantExtensions ? 'the server did not accept it' : 'extensions are off (option extensions)';
    return new RequestRejectedError('EXTENSION_UNAVAILABLE', `the "${name}" extension is not available: ${why}`);
  }

  private emitError(error: Error): void {
    if (this.events.listenerCount('error') > 0) this.events.emit('error', error);
    else this.log.warn('client.error', { message: error.message });
  }
}

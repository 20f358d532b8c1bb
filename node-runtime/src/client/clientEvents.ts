import type { GroupTextPush, LoginData, TextPush } from './replyTypes.js';

/** Everything a ChatClient emits, with the listener arguments of each event. */
export interface ChatClientEvents {
  /** A connection is up (and the extension handshake is done). */
  connected: [info: { server: string; extensions: string[] | null }];
  /** A connection that had emitted `connected` is gone. */
  disconnected: [info: { server: string; reason: string }];
  /** About to wait `delayMs`, then dial `server`. */
  reconnecting: [info: { attempt: number; delayMs: number; server: string }];
  /** A 105 with code 0 arrived: from login(), or the automatic re-login after a reconnect (`relogin`). */
  loggedIn: [info: { user: LoginData; relogin: boolean }];
  /** A P2P message (208 push, login replay or catch-up sync), duplicates already removed. */
  text: [message: TextPush];
  /** A group message from another member (312). */
  groupText: [message: GroupTextPush];
  /** Any other unsolicited frame; `body` is the parsed JSON, or the text when it is not JSON. */
  notification: [frame: { id: number; body: unknown; raw: Buffer }];
  /**
   * Something went wrong outside any request (unreadable push, failed re-login or catch-up).
   * Only emitted when a listener exists, so an unobserved client never crashes the process.
   */
  error: [error: Error];
}

/** Small helpers every handler uses to answer in chat-zinx's JSON. */
import { encodeGoJson } from '../protocol/goJsonEncode.js';
import type { Connection } from './connection.js';

export function reply(connection: Connection, id: number, body: unknown): void {
  connection.send(id, encodeGoJson(body));
}

/** The `{"error": …}` envelope of the group replies (§4.9). */
export function replyError(connection: Connection, id: number, error: string): void {
  reply(connection, id, { error });
}

export const BAD_JSON = '请求数据格式错误';
export const NOT_LOGGED_IN = '用户未登录';

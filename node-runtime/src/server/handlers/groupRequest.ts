/**
 * The shape every group request shares (§4.9): not logged in → `{"error":"用户未登录"}`, bad JSON →
 * `{"error":"请求数据格式错误"}` (234 has its own text), and an unexpected store failure →
 * the request's error prefix plus the cause, as chat-zinx reports DB errors.
 */
import type { SessionUser } from '../../chat/sessionUser.js';
import { decodeGoJson, type Decoded, type Schema } from '../../protocol/goJson.js';
import type { Connection } from '../connection.js';
import type { FrameHandler, NodeContext } from '../nodeContext.js';
import { BAD_JSON, NOT_LOGGED_IN, replyError } from '../reply.js';

export interface GroupRequestSpec<S extends Schema> {
  responseId: number;
  schema: S;
  /** Prefix of failure texts, e.g. `加入群组失败: `. */
  failurePrefix: string;
  badJsonText?: string;
  run: (ctx: NodeContext, connection: Connection, user: SessionUser, body: Decoded<S>) => Promise<void>;
}

export function groupRequest<S extends Schema>(spec: GroupRequestSpec<S>): FrameHandler {
  return async (ctx, connection, frame) => {
    if (!connection.user) return replyError(connection, spec.responseId, NOT_LOGGED_IN);
    const user = connection.user;
    const request = decodeGoJson(frame.body, spec.schema);
    if (!request.ok) return replyError(connection, spec.responseId, spec.badJsonText ?? BAD_JSON);
    try {
      await spec.run(ctx, connection, user, request.value);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      connection.logger.error('group_request_failed', { msg: frame.id, error: cause });
      replyError(connection, spec.responseId, `${spec.failurePrefix}${cause}`);
    }
  };
}

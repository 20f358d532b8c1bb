/**
 * 1001 → 1002: a client opts this connection in to the extensions (docs/protocol-extensions.md).
 * Until then the connection gets exactly chat-zinx's frames and bodies.
 */
import { ExtMsgId } from '../../protocol/messageIds.js';
import type { FrameHandler } from '../nodeContext.js';
import { reply } from '../reply.js';

export const SUPPORTED_EXTENSIONS = ['ack', 'sync'] as const;

export const handleExtHello: FrameHandler = (ctx, connection, frame) => {
  const requested = parseFeatures(frame.body);
  if (requested === null) {
    return reply(connection, ExtMsgId.HelloResp, { error: 'body must be {"features":["ack","sync"]} (features optional)' });
  }
  const accepted = SUPPORTED_EXTENSIONS.filter((feature) => requested.length === 0 || requested.includes(feature));
  connection.extensions = new Set(accepted);
  reply(connection, ExtMsgId.HelloResp, {
    features: accepted,
    server: `chat-zinx-console/${ctx.version}`,
    node_id: ctx.config.id,
    max_frame: ctx.config.maxFrameBytes,
  });
};

/** The requested feature names, [] for "all", or null when the body is not the documented shape. */
function parseFeatures(body: Buffer): string[] | null {
  if (body.length === 0) return [];
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const features = (value as { features?: unknown }).features;
  if (features === undefined || features === null) return [];
  if (!Array.isArray(features) || features.length > 32 || !features.every((item) => typeof item === 'string')) return null;
  return features as string[];
}

/**
 * What the node counts, as an interface: the routing and server code record events here
 * without knowing about Prometheus (src/admin/prometheusMetrics.ts implements it).
 */
export type MessageKind = 'p2p' | 'group';

export interface NodeMetrics {
  /** A chat message accepted from a client of this node. */
  messageAccepted(kind: MessageKind): void;
  /** Pushes written to local connections. */
  messageDelivered(kind: MessageKind, count?: number): void;
  /** A message published on the bus for other nodes. */
  crossNodePublished(kind: MessageKind): void;
  /** Seconds from the moment the server stored a message to its push on a recipient's connection. */
  deliveryLatency(kind: MessageKind, seconds: number): void;
}

export const noMetrics: NodeMetrics = {
  messageAccepted() {},
  messageDelivered() {},
  crossNodePublished() {},
  deliveryLatency() {},
};

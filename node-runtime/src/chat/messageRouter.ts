/**
 * The port chat logic uses to move a stored message to wherever its recipients are connected
 * (this node's connections, other nodes over the bus, or the offline inbox). Implemented in
 * src/routing; chat logic never sees a socket or a bus.
 */
import type { GroupMessageRecord, MailboxEntry } from '../cluster/store/records.js';

export interface MessageRouter {
  /**
   * Routes stored messages in the order given: their pushes and publishes leave in that order, so
   * consecutive messages of one sender arrive in order. One outcome per entry (one failing does
   * not stop the others).
   */
  routeDirect(entries: readonly MailboxEntry[]): Promise<PromiseSettledResult<void>[]>;
  /** Pushes 312 to every online member except the sender's user. `pushedAt` is the push timestamp. */
  routeGroup(record: GroupMessageRecord, pushedAt: number): Promise<void>;
  /** Keeps every node's local group-member index right when membership changes anywhere. */
  membershipChanged(groupId: number, userId: number, isMember: boolean): Promise<void>;
}

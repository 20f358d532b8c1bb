/**
 * The port chat logic uses to move a stored message to wherever its recipients are connected
 * (this node's connections, other nodes over the bus, or the offline inbox). Implemented in
 * src/routing; chat logic never sees a socket or a bus.
 */
import type { GroupMessageRecord, MailboxEntry } from '../cluster/store/records.js';

export interface MessageRouter {
  routeDirect(entry: MailboxEntry): Promise<void>;
  /** Pushes 312 to every online member except the sender's user. `pushedAt` is the push timestamp. */
  routeGroup(record: GroupMessageRecord, pushedAt: number): Promise<void>;
  /** Keeps every node's local group-member index right when membership changes anywhere. */
  membershipChanged(groupId: number, userId: number, isMember: boolean): Promise<void>;
}

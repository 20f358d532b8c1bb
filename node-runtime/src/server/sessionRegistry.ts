/**
 * This node's logged-in connections, indexed by user, so delivery never scans all connections
 * (chat-zinx defect §7.5.6). A user may have several connections; each gets every push.
 */
import type { SessionUser } from '../chat/sessionUser.js';
import type { Connection } from './connection.js';

export class SessionRegistry {
  private readonly byUser = new Map<number, Set<Connection>>();

  /** Binds a connection to a user. Returns true when it is the user's first connection on this node. */
  attach(connection: Connection, user: SessionUser): boolean {
    connection.user = user;
    let set = this.byUser.get(user.id);
    const first = !set;
    if (!set) this.byUser.set(user.id, (set = new Set()));
    set.add(connection);
    return first;
  }

  /**
   * Unbinds a connection (on close, or before it logs in as someone else, so no stale mapping
   * is left behind: chat-zinx defect §8.10). Returns the user whose last connection this was, if so.
   */
  detach(connection: Connection): SessionUser | null {
    const user = connection.user;
    if (!user) return null;
    connection.user = null;
    const set = this.byUser.get(user.id);
    if (!set?.delete(connection)) return null;
    if (set.size > 0) return null;
    this.byUser.delete(user.id);
    return user;
  }

  connectionsOf(userId: number): ReadonlySet<Connection> | undefined {
    return this.byUser.get(userId);
  }

  isLocal(userId: number): boolean {
    return this.byUser.has(userId);
  }

  get userCount(): number {
    return this.byUser.size;
  }

  userIds(): IterableIterator<number> {
    return this.byUser.keys();
  }
}

/**
 * Which groups have members online on this node, and who they are: group fan-out touches only
 * the members that are here (chat-zinx ran a membership query per connection, §7.5.6).
 */
export class LocalGroupIndex {
  private readonly membersByGroup = new Map<number, Set<number>>();
  private readonly groupsByUser = new Map<number, Set<number>>();

  /** Returns true when the group had no local member before (time to subscribe to it). */
  add(groupId: number, userId: number): boolean {
    let members = this.membersByGroup.get(groupId);
    const first = !members;
    if (!members) this.membersByGroup.set(groupId, (members = new Set()));
    members.add(userId);
    let groups = this.groupsByUser.get(userId);
    if (!groups) this.groupsByUser.set(userId, (groups = new Set()));
    groups.add(groupId);
    return first;
  }

  /** Returns true when the group has no local member left (time to unsubscribe). */
  remove(groupId: number, userId: number): boolean {
    const groups = this.groupsByUser.get(userId);
    groups?.delete(groupId);
    if (groups?.size === 0) this.groupsByUser.delete(userId);
    const members = this.membersByGroup.get(groupId);
    if (!members?.delete(userId)) return false;
    if (members.size > 0) return false;
    this.membersByGroup.delete(groupId);
    return true;
  }

  /** Removes a user from all its groups; returns the groups left without local members. */
  removeUser(userId: number): number[] {
    const emptied: number[] = [];
    for (const groupId of [...(this.groupsByUser.get(userId) ?? [])]) {
      if (this.remove(groupId, userId)) emptied.push(groupId);
    }
    return emptied;
  }

  membersOf(groupId: number): ReadonlySet<number> | undefined {
    return this.membersByGroup.get(groupId);
  }

  get groupCount(): number {
    return this.membersByGroup.size;
  }
}

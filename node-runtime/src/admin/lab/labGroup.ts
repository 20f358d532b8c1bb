/**
 * The lab group: one chat group of every lab user, for group messages and group blasts. Its name
 * is `<prefix>-group` (group names are unique cluster-wide); when that exists and the first lab
 * user is not in it, a suffixed name is taken. Users created later join when it is next used.
 */
import { isGroupError } from '../../client/index.js';
import { AdminError } from '../adminErrors.js';
import type { LabUser } from './labUsers.js';

export class LabGroup {
  private group: { id: number; name: string } | null = null;
  private readonly members = new Set<string>();

  constructor(private readonly prefix: string) {}

  get current(): { id: number; name: string } | null {
    return this.group;
  }

  /** Makes sure the group exists and every given user is a member. */
  async ensure(users: readonly LabUser[]): Promise<{ id: number; name: string }> {
    const owner = users[0];
    if (!owner || users.length < 2) throw new AdminError('NOT_AVAILABLE', 'group messages need at least 2 connected lab users: create users first');
    if (!this.group) this.group = await this.createOrFind(owner);
    const group = this.group;
    for (const user of users) {
      if (this.members.has(user.name)) continue;
      const joined = await user.client.joinGroup(group.id);
      if (isGroupError(joined) && !/already/i.test(joined.error)) throw new AdminError('NOT_AVAILABLE', `${user.name} could not join ${group.name}: ${joined.error}`);
      this.members.add(user.name);
    }
    return group;
  }

  /** Forgets membership (the lab users were closed; new ones must join again). */
  reset(): void {
    this.members.clear();
  }

  private async createOrFind(owner: LabUser): Promise<{ id: number; name: string }> {
    for (const name of [`${this.prefix}-group`, `${this.prefix}-group-${Date.now().toString(36)}`]) {
      const created = await owner.client.createGroup({ name, description: 'Test lab group (chat-zinx console)' });
      if (!isGroupError(created)) return { id: created.id, name };
      const mine = await owner.client.myGroups();
      const existing = isGroupError(mine) ? undefined : mine.groups.find((group) => group.name === name);
      if (existing) return { id: existing.id, name };
    }
    throw new AdminError('NOT_AVAILABLE', `could not create the lab group for ${owner.name}`);
  }
}

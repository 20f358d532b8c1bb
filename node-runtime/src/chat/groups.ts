/**
 * Group management with owner/admin/member roles (§4.9). Errors are chat-zinx's English
 * lower-level texts; the handlers add each reply's Chinese prefix.
 */
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { GroupRecord, GroupRole, MemberRecord, UserRecord } from '../cluster/store/records.js';
import { NotFoundError, StoreConflictError } from '../cluster/store/storeErrors.js';
import type { MessageRouter } from './messageRouter.js';
import type { SessionUser } from './sessionUser.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface MemberView extends MemberRecord {
  user: UserRecord;
  online: boolean;
}

/** chat-zinx's column sizes (§6.1), enforced with a clear error instead of a DB failure. */
const LIMITS = { name: 100, description: 500, avatar: 255 } as const;
const NOT_A_MEMBER = 'not_a_member';

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = <T>(error: string): Outcome<T> => ({ ok: false, error });

export class GroupService {
  constructor(
    private readonly store: ChatStore,
    private readonly router: MessageRouter,
    private readonly isOnline: (userId: number) => Promise<boolean>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A marker the handlers turn into chat-zinx's `您不是该群组的成员`. */
  static readonly NOT_A_MEMBER = NOT_A_MEMBER;

  async create(user: SessionUser, input: { name: string; description: string; avatar: string }): Promise<Outcome<GroupRecord>> {
    const tooLong = checkLengths(input);
    if (tooLong) return fail(`failed to create group: ${tooLong}`);
    try {
      const group = await this.store.createGroup({ ...input, ownerId: user.id, createdAt: this.now() });
      await this.router.membershipChanged(group.id, user.id, true);
      return ok(group);
    } catch (error) {
      if (error instanceof StoreConflictError) return fail(`failed to create group: group name already exists`);
      throw error;
    }
  }

  async join(user: SessionUser, groupId: number): Promise<Outcome<void>> {
    try {
      await this.store.addMember(groupId, user.id, 'member', this.now());
    } catch (error) {
      if (error instanceof NotFoundError) return fail('group not found');
      if (error instanceof StoreConflictError) return fail('user already in this group');
      throw error;
    }
    await this.router.membershipChanged(groupId, user.id, true);
    return ok(undefined);
  }

  async leave(user: SessionUser, groupId: number): Promise<Outcome<void>> {
    const group = await this.store.getGroup(groupId);
    if (!group) return fail('group not found');
    if (group.ownerId === user.id) return fail('group owner cannot leave the group directly, please transfer ownership first');
    if (!(await this.store.removeMember(groupId, user.id))) return fail('user is not a member of this group');
    await this.router.membershipChanged(groupId, user.id, false);
    return ok(undefined);
  }

  async members(user: SessionUser, groupId: number): Promise<Outcome<MemberView[]>> {
    if (!(await this.store.getMember(groupId, user.id))) return fail(NOT_A_MEMBER);
    const members = await this.store.listMembers(groupId);
    const users = new Map((await this.store.getUsersByIds(members.map((m) => m.userId))).map((u) => [u.id, u]));
    const views: MemberView[] = [];
    for (const member of members.sort((a, b) => a.id - b.id)) {
      const memberUser = users.get(member.userId);
      // chat-zinx skips members whose user row is missing; so do we.
      if (memberUser) views.push({ ...member, user: memberUser, online: await this.isOnline(member.userId) });
    }
    return ok(views);
  }

  async myGroups(user: SessionUser): Promise<GroupRecord[]> {
    return this.store.groupsOfUser(user.id);
  }

  async update(
    user: SessionUser,
    input: { groupId: number; name: string; description: string; avatar: string },
  ): Promise<Outcome<void>> {
    const group = await this.store.getGroup(input.groupId);
    if (!group) return fail('group not found');
    const role = (await this.store.getMember(input.groupId, user.id))?.role;
    if (role !== 'owner' && role !== 'admin') return fail('permission denied: only group owner and admins can update group info');
    // An empty string means "leave unchanged" (it can never clear a field), as in chat-zinx.
    const patch = {
      ...(input.name !== '' ? { name: input.name } : {}),
      ...(input.description !== '' ? { description: input.description } : {}),
      ...(input.avatar !== '' ? { avatar: input.avatar } : {}),
    };
    if (Object.keys(patch).length === 0) return fail('no updates provided');
    const tooLong = checkLengths(patch);
    if (tooLong) return fail(tooLong);
    try {
      if (!(await this.store.updateGroup(input.groupId, patch, this.now()))) return fail('group not found or no changes made');
    } catch (error) {
      if (error instanceof StoreConflictError) return fail('group name already exists');
      throw error;
    }
    return ok(undefined);
  }

  async setRole(user: SessionUser, groupId: number, targetUserId: number, newRole: string): Promise<Outcome<void>> {
    const group = await this.store.getGroup(groupId);
    if (!group) return fail('group not found');
    if (group.ownerId !== user.id) return fail('permission denied: only group owner can change member roles');
    const target = await this.store.getMember(groupId, targetUserId);
    if (!target) return fail('target user is not a member of this group');
    if (target.role === 'owner') return fail('cannot change role of the group owner');
    if (newRole !== 'admin' && newRole !== 'member') return fail("invalid role: must be 'admin' or 'member'");
    await this.store.setMemberRole(groupId, targetUserId, newRole);
    return ok(undefined);
  }

  async remove(user: SessionUser, groupId: number, targetUserId: number): Promise<Outcome<void>> {
    const group = await this.store.getGroup(groupId);
    if (!group) return fail('group not found');
    const isOwner = group.ownerId === user.id;
    const target = await this.store.getMember(groupId, targetUserId);
    if (!isOwner) {
      const operator = await this.store.getMember(groupId, user.id);
      if (operator?.role !== 'admin') return fail('permission denied: only group owner and admins can remove members');
      if (!target) return fail('target user is not a member of this group');
      if (target.role === 'admin' || target.role === 'owner') {
        return fail('permission denied: admins cannot remove other admins or the owner');
      }
    }
    if (targetUserId === user.id) return fail('cannot remove yourself from group, use leave group instead');
    if (targetUserId === group.ownerId) return fail('cannot remove the group owner');
    if (!target || !(await this.store.removeMember(groupId, targetUserId))) return fail('member not found in group');
    await this.router.membershipChanged(groupId, targetUserId, false);
    return ok(undefined);
  }

  async details(user: SessionUser, groupId: number): Promise<Outcome<GroupRecord>> {
    if (!(await this.store.getMember(groupId, user.id))) return fail(NOT_A_MEMBER);
    const group = await this.store.getGroup(groupId);
    return group ? ok(group) : fail('群组不存在');
  }

  async roleOf(groupId: number, userId: number): Promise<GroupRole | null> {
    return (await this.store.getMember(groupId, userId))?.role ?? null;
  }
}

function checkLengths(fields: { name?: string; description?: string; avatar?: string }): string | null {
  for (const key of ['name', 'description', 'avatar'] as const) {
    const value = fields[key];
    if (value !== undefined && [...value].length > LIMITS[key]) return `${key} longer than ${LIMITS[key]} characters`;
  }
  return null;
}

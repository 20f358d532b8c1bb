/**
 * The ChatStore contract: every implementation (memory, Redis) must pass it. Each method is one
 * atomic step, so reads right after an awaited write must see it. Usernames, emails, group names
 * and the numeric user ids used for P2P are unique per test, so a shared real server can be reused.
 */
import { describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ChatStore } from '../../src/cluster/store/chatStore.js';
import type { DirectMessageInput, GroupMessageInput, NewGroup, NewUser } from '../../src/cluster/store/records.js';
import { NotFoundError, StoreConflictError } from '../../src/cluster/store/storeErrors.js';
import { contractTest, uniqueNumber, uniqueToken } from './contractSupport.js';

export interface ChatStoreFixture {
  store: ChatStore;
  cleanup: () => Promise<void>;
}

const byNumber = (a: number, b: number): number => a - b;

function conflict(what: StoreConflictError['what']): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof StoreConflictError, `expected StoreConflictError('${what}'), got ${String(error)}`);
    assert.equal(error.what, what);
    assert.equal(error.code, 'STORE_CONFLICT');
    return true;
  };
}

function notFound(what: NotFoundError['what']): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof NotFoundError, `expected NotFoundError('${what}'), got ${String(error)}`);
    assert.equal(error.what, what);
    return true;
  };
}

export function chatStoreContract(name: string, factory: () => Promise<ChatStoreFixture>): void {
  const test = contractTest();

  describe(`ChatStore contract: ${name}`, () => {
    let store: ChatStore;
    let cleanup: () => Promise<void>;
    /** Strictly increasing send times, near now (dedup windows count from them). */
    let clock = 0;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
      clock = Date.now();
    });

    afterEach(async () => {
      await cleanup();
    });

    const tick = (): number => ++clock;

    function newUser(overrides: Partial<NewUser> = {}): NewUser {
      const token = uniqueToken('user');
      return { uuid: randomUUID(), username: token, email: `${token}@example.test`, avatar: `avatar-${token}`, passwordHash: `hash-${token}`, createdAt: tick(), ...overrides };
    }

    function dm(fromId: number, toId: number, overrides: Partial<DirectMessageInput> = {}): DirectMessageInput {
      return {
        msgId: uniqueToken('msg'),
        fromId,
        fromUuid: `uuid-${fromId}`,
        toId,
        toInput: String(toId),
        content: `from ${fromId} to ${toId} at ${clock + 1}`,
        type: 'text',
        sentAt: tick(),
        ...overrides,
      };
    }

    function newGroup(ownerId: number, overrides: Partial<NewGroup> = {}): NewGroup {
      return { name: uniqueToken('group'), ownerId, description: 'a group', avatar: 'group.png', createdAt: tick(), ...overrides };
    }

    function groupMessage(groupId: number, senderId: number, overrides: Partial<GroupMessageInput> = {}): GroupMessageInput {
      return {
        msgId: uniqueToken('gmsg'),
        groupId,
        senderId,
        senderUuid: `uuid-${senderId}`,
        senderName: `user ${senderId}`,
        content: `in ${groupId} from ${senderId} at ${clock + 1}`,
        createdAt: tick(),
        ...overrides,
      };
    }

    async function mailboxSeqs(userId: number): Promise<number[]> {
      return (await store.readMailbox(userId, 0, 1000)).entries.map((entry) => entry.seq);
    }

    // ── Accounts ────────────────────────────────────────────────────────────────────────────

    test('createUser stores the user under a new id', async () => {
      assert.equal(typeof store.kind, 'string');
      const input = newUser();
      const user = await store.createUser(input);
      assert.ok(Number.isSafeInteger(user.id) && user.id > 0, `id ${user.id}`);
      assert.equal(user.uuid, input.uuid);
      assert.equal(user.username, input.username);
      assert.equal(user.email, input.email);
      assert.equal(user.avatar, input.avatar);
      assert.equal(user.passwordHash, input.passwordHash);
      assert.equal(user.createdAt, input.createdAt);
      assert.equal(typeof user.lastLogin, 'number');
      const other = await store.createUser(newUser());
      assert.notEqual(other.id, user.id);
      assert.deepEqual(await store.getUserById(user.id), user);
    });

    test('a taken username or email is a StoreConflictError naming which, and leaves nothing behind', async () => {
      const taken = newUser();
      await store.createUser(taken);
      const sameName = newUser({ username: taken.username });
      await assert.rejects(store.createUser(sameName), conflict('username'));
      assert.equal(await store.getUserByUuid(sameName.uuid), null);

      const sameEmail = newUser({ email: taken.email });
      await assert.rejects(store.createUser(sameEmail), conflict('email'));
      assert.equal(await store.getUserByUsername(sameEmail.username), null, 'a user rejected for its email must not keep its username');
      assert.equal(await store.getUserByUuid(sameEmail.uuid), null);
      // The username of the rejected user is still free.
      const retry = await store.createUser({ ...sameEmail, email: `${sameEmail.username}@other.test` });
      assert.equal(retry.username, sameEmail.username);
    });

    test('concurrent registrations of one username: exactly one wins, the others conflict', async () => {
      const username = uniqueToken('user');
      const attempts = Array.from({ length: 8 }, () => newUser({ username }));
      const results = await Promise.allSettled(attempts.map((user) => store.createUser(user)));
      const won = results.filter((result) => result.status === 'fulfilled');
      assert.equal(won.length, 1, 'exactly one registration wins');
      for (const result of results) {
        if (result.status === 'rejected') assert.ok(conflict('username')(result.reason));
      }
      const winner = (await store.getUserByUsername(username))!;
      assert.ok(winner);
      assert.equal(winner.id, (won[0] as PromiseFulfilledResult<{ id: number }>).value.id);
      for (const attempt of attempts) {
        if (attempt.uuid !== winner.uuid) assert.equal(await store.getUserByUuid(attempt.uuid), null, 'a losing registration leaves nothing behind');
      }
    });

    test('users are found by id, uuid and username; unknown ones are null', async () => {
      const user = await store.createUser(newUser());
      assert.deepEqual(await store.getUserById(user.id), user);
      assert.deepEqual(await store.getUserByUuid(user.uuid), user);
      assert.deepEqual(await store.getUserByUsername(user.username), user);
      assert.equal(await store.getUserById(uniqueNumber()), null);
      assert.equal(await store.getUserByUuid(randomUUID()), null);
      assert.equal(await store.getUserByUsername(uniqueToken('nobody')), null);
    });

    test('getUsersByIds returns the existing users and skips missing ones', async () => {
      const a = await store.createUser(newUser());
      const b = await store.createUser(newUser());
      const found = await store.getUsersByIds([b.id, uniqueNumber(), a.id]);
      assert.deepEqual(
        found.sort((x, y) => x.id - y.id),
        [a, b].sort((x, y) => x.id - y.id),
      );
      assert.deepEqual(await store.getUsersByIds([]), []);
      assert.deepEqual(await store.getUsersByIds([uniqueNumber()]), []);
    });

    test('recordLogin sets lastLogin and returns the previous value', async () => {
      const user = await store.createUser(newUser());
      const first = tick();
      assert.equal(await store.recordLogin(user.id, first), user.lastLogin);
      const second = tick();
      assert.equal(await store.recordLogin(user.id, second), first);
      assert.equal((await store.getUserById(user.id))?.lastLogin, second);
    });

    // ── P2P ─────────────────────────────────────────────────────────────────────────────────

    test("storeDirectMessage numbers each recipient's mailbox 1, 2, 3 independently", async () => {
      const [a, b, c] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
      const seqs = [
        await store.storeDirectMessage(dm(a, b)),
        await store.storeDirectMessage(dm(a, c)),
        await store.storeDirectMessage(dm(a, b)),
        await store.storeDirectMessage(dm(c, b)),
        await store.storeDirectMessage(dm(b, c)),
        await store.storeDirectMessage(dm(b, a)),
      ].map((result) => result.seq);
      assert.deepEqual(seqs, [1, 1, 2, 3, 2, 1]);
      assert.deepEqual(await mailboxSeqs(b), [1, 2, 3]);
      assert.deepEqual(await mailboxSeqs(c), [1, 2]);
      assert.deepEqual(await mailboxSeqs(a), [1]);
    });

    test('mailbox entries carry the message exactly as stored', async () => {
      const [a, b] = [uniqueNumber(), uniqueNumber()];
      const plain = dm(a, b, { content: 'plain "quoted" \\ ünïcødé 🙂\nnext line', toInput: 'Bob' });
      const withClientId = dm(a, b, { clientMsgId: uniqueToken('cmid'), type: 'image' });
      await store.storeDirectMessage(plain);
      await store.storeDirectMessage(withClientId);
      const { entries } = await store.readMailbox(b, 0, 10);
      assert.deepEqual(entries, [
        { ...plain, seq: 1 },
        { ...withClientId, seq: 2 },
      ]);
    });

    test('a repeated clientMsgId from the same sender returns the original as duplicateOf and stores nothing', async () => {
      const [a, b] = [uniqueNumber(), uniqueNumber()];
      const clientMsgId = uniqueToken('cmid');
      const original = dm(a, b, { clientMsgId, content: 'first' });
      const first = await store.storeDirectMessage(original);
      assert.equal(first.seq, 1);
      assert.equal(first.duplicateOf, undefined);

      const retry = await store.storeDirectMessage(dm(a, b, { clientMsgId, content: 'retried' }));
      assert.equal(retry.seq, 1);
      assert.ok(retry.duplicateOf, 'a retry is reported as a duplicate');
      assert.equal(retry.duplicateOf.seq, 1);
      assert.equal(retry.duplicateOf.msgId, original.msgId);
      assert.equal(retry.duplicateOf.content, 'first');

      assert.deepEqual(await mailboxSeqs(b), [1]);
      assert.equal((await store.directHistory(a, b, 100)).length, 1);
      // The next real message still gets the next seq.
      assert.equal((await store.storeDirectMessage(dm(a, b))).seq, 2);
    });

    test('clientMsgId dedup is per sender, and messages without one are never deduped', async () => {
      const [a, c, b] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
      const clientMsgId = uniqueToken('cmid');
      assert.equal((await store.storeDirectMessage(dm(a, b, { clientMsgId }))).seq, 1);
      const fromOther = await store.storeDirectMessage(dm(c, b, { clientMsgId }));
      assert.equal(fromOther.seq, 2);
      assert.equal(fromOther.duplicateOf, undefined, 'another sender may use the same clientMsgId');

      const same = dm(a, b, { content: 'same' });
      const again = { ...same, msgId: uniqueToken('msg') };
      assert.equal((await store.storeDirectMessage(same)).duplicateOf, undefined);
      assert.equal((await store.storeDirectMessage(again)).duplicateOf, undefined);
      assert.deepEqual(await mailboxSeqs(b), [1, 2, 3, 4]);
    });

    test('takeOfflineInbox returns the queued entries in order and clears them', async () => {
      const [a, b] = [uniqueNumber(), uniqueNumber()];
      const sent = [dm(a, b, { content: 'one' }), dm(a, b, { content: 'two' }), dm(a, b, { content: 'three' })];
      for (const message of sent) await store.storeDirectMessage(message);
      await store.addToOfflineInbox(b, [1]);
      await store.addToOfflineInbox(b, [2, 3]);

      const taken = await store.takeOfflineInbox(b);
      assert.deepEqual(
        taken.map((entry) => [entry.seq, entry.content, entry.msgId]),
        sent.map((message, index) => [index + 1, message.content, message.msgId]),
      );
      assert.deepEqual(await store.takeOfflineInbox(b), [], 'a second take finds it empty');
      assert.deepEqual(await mailboxSeqs(b), [1, 2, 3], 'taking the inbox keeps the mailbox');
      assert.deepEqual(await store.takeOfflineInbox(uniqueNumber()), []);
    });

    test('two concurrent takes of the offline inbox: one gets everything, the other nothing', async () => {
      const [a, b] = [uniqueNumber(), uniqueNumber()];
      for (let i = 0; i < 5; i++) await store.storeDirectMessage(dm(a, b));
      await store.addToOfflineInbox(b, [1, 2, 3, 4, 5]);
      const results = await Promise.all([store.takeOfflineInbox(b), store.takeOfflineInbox(b)]);
      const sizes = results.map((entries) => entries.length).sort(byNumber);
      assert.deepEqual(sizes, [0, 5]);
      const full = results.find((entries) => entries.length === 5);
      assert.deepEqual(
        full?.map((entry) => entry.seq),
        [1, 2, 3, 4, 5],
      );
    });

    test('readMailbox pages after a seq and says whether more remain', async () => {
      const [a, b] = [uniqueNumber(), uniqueNumber()];
      for (let i = 0; i < 5; i++) await store.storeDirectMessage(dm(a, b));
      const page = async (after: number, limit: number): Promise<[number[], boolean]> => {
        const { entries, hasMore } = await store.readMailbox(b, after, limit);
        return [entries.map((entry) => entry.seq), hasMore];
      };
      assert.deepEqual(await page(0, 2), [[1, 2], true]);
      assert.deepEqual(await page(2, 2), [[3, 4], true]);
      assert.deepEqual(await page(4, 2), [[5], false]);
      assert.deepEqual(await page(3, 2), [[4, 5], false], 'exactly the rest is not "more"');
      assert.deepEqual(await page(5, 2), [[], false]);
      assert.deepEqual(await page(0, 10), [[1, 2, 3, 4, 5], false]);
      assert.deepEqual(await store.readMailbox(uniqueNumber(), 0, 10), { entries: [], hasMore: false });
    });

    test('ackMailbox never moves backwards', async () => {
      const [a, b] = [uniqueNumber(), uniqueNumber()];
      assert.equal(await store.getMailboxAck(b), 0);
      for (let i = 0; i < 3; i++) await store.storeDirectMessage(dm(a, b));
      await store.ackMailbox(b, 2);
      assert.equal(await store.getMailboxAck(b), 2);
      await store.ackMailbox(b, 1);
      assert.equal(await store.getMailboxAck(b), 2);
      await store.ackMailbox(b, 0);
      assert.equal(await store.getMailboxAck(b), 2);
      await store.ackMailbox(b, 3);
      assert.equal(await store.getMailboxAck(b), 3);
    });

    test('an ack past the last seq is capped there and cannot hide later messages', async () => {
      const [a, b, fresh] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
      for (let i = 0; i < 3; i++) await store.storeDirectMessage(dm(a, b));
      await store.ackMailbox(b, 2 ** 53);
      assert.equal(await store.getMailboxAck(b), 3);
      const later = dm(a, b, { content: 'after the hostile ack' });
      assert.equal((await store.storeDirectMessage(later)).seq, 4);
      const { entries } = await store.readMailbox(b, await store.getMailboxAck(b), 10);
      assert.deepEqual(
        entries.map((entry) => [entry.seq, entry.content]),
        [[4, 'after the hostile ack']],
      );

      // A user with an empty mailbox: the ack stays 0 and the first message is still unread.
      await store.ackMailbox(fresh, 5);
      assert.equal(await store.getMailboxAck(fresh), 0);
      await store.storeDirectMessage(dm(a, fresh));
      assert.deepEqual(
        (await store.readMailbox(fresh, await store.getMailboxAck(fresh), 10)).entries.map((entry) => entry.seq),
        [1],
      );
    });

    test('directHistory returns the newest messages oldest first, the same from both sides', async () => {
      const [a, b, c] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
      const sent = [dm(a, b), dm(b, a), dm(a, b), dm(a, b), dm(b, a)];
      for (const message of sent) await store.storeDirectMessage(message);
      await store.storeDirectMessage(dm(a, c)); // another conversation
      const expected = sent.map((message) => ({ fromId: message.fromId, content: message.content, sentAt: message.sentAt }));

      assert.deepEqual(await store.directHistory(a, b, 10), expected);
      assert.deepEqual(await store.directHistory(b, a, 10), expected);
      assert.deepEqual(await store.directHistory(a, b, 3), expected.slice(2));
      assert.deepEqual(await store.directHistory(b, a, 1), expected.slice(4));
      assert.equal((await store.directHistory(a, c, 10)).length, 1);
      assert.deepEqual(await store.directHistory(b, c, 10), []);
    });

    test('relations list each partner once, both ways', async () => {
      const [a, b, c, d] = [uniqueNumber(), uniqueNumber(), uniqueNumber(), uniqueNumber()];
      await store.storeDirectMessage(dm(a, b));
      await store.storeDirectMessage(dm(a, b));
      await store.storeDirectMessage(dm(b, a));
      await store.storeDirectMessage(dm(a, c));
      assert.deepEqual((await store.relations(a)).sort(byNumber), [b, c].sort(byNumber));
      assert.deepEqual(await store.relations(b), [a]);
      assert.deepEqual(await store.relations(c), [a]);
      assert.deepEqual(await store.relations(d), []);
    });

    // ── Groups ──────────────────────────────────────────────────────────────────────────────

    test('createGroup makes the owner its only member; a taken name is a conflict', async () => {
      const owner = uniqueNumber();
      const input = newGroup(owner);
      const group = await store.createGroup(input);
      assert.ok(Number.isSafeInteger(group.id) && group.id > 0);
      assert.equal(group.name, input.name);
      assert.equal(group.ownerId, owner);
      assert.equal(group.description, input.description);
      assert.equal(group.avatar, input.avatar);
      assert.equal(group.createdAt, input.createdAt);
      assert.equal(group.updatedAt, input.createdAt);
      assert.equal(group.memberCount, 1);
      assert.deepEqual(await store.getGroup(group.id), group);

      const member = await store.getMember(group.id, owner);
      assert.equal(member?.role, 'owner');
      assert.equal(member?.groupId, group.id);
      assert.equal(member?.userId, owner);
      assert.equal(member?.joinedAt, input.createdAt);
      assert.deepEqual(
        (await store.listMembers(group.id)).map((m) => [m.userId, m.role]),
        [[owner, 'owner']],
      );

      await assert.rejects(store.createGroup(newGroup(uniqueNumber(), { name: input.name })), conflict('group_name'));
      assert.equal(await store.getGroup(uniqueNumber()), null);
    });

    test('addMember: NotFoundError for a missing group, StoreConflictError for a member added twice', async () => {
      const owner = uniqueNumber();
      const user = uniqueNumber();
      const group = await store.createGroup(newGroup(owner));
      await assert.rejects(store.addMember(uniqueNumber(), user, 'member', tick()), notFound('group'));

      const at = tick();
      const member = await store.addMember(group.id, user, 'member', at);
      assert.equal(member.groupId, group.id);
      assert.equal(member.userId, user);
      assert.equal(member.role, 'member');
      assert.equal(member.joinedAt, at);
      assert.deepEqual(await store.getMember(group.id, user), member);

      await assert.rejects(store.addMember(group.id, user, 'admin', tick()), conflict('member'));
      await assert.rejects(store.addMember(group.id, owner, 'member', tick()), conflict('member'));
      assert.equal((await store.getMember(group.id, user))?.role, 'member', 'a rejected add changes nothing');
      assert.equal((await store.getGroup(group.id))?.memberCount, 2);
    });

    test('memberCount and listMembers follow adds and removes; removeMember is false when absent', async () => {
      const owner = uniqueNumber();
      const [u1, u2] = [uniqueNumber(), uniqueNumber()];
      const group = await store.createGroup(newGroup(owner));
      await store.addMember(group.id, u1, 'member', tick());
      await store.addMember(group.id, u2, 'admin', tick());
      assert.equal((await store.getGroup(group.id))?.memberCount, 3);
      assert.deepEqual(
        (await store.listMembers(group.id)).map((m) => m.userId).sort(byNumber),
        [owner, u1, u2].sort(byNumber),
      );

      assert.equal(await store.removeMember(group.id, u1), true);
      assert.equal(await store.removeMember(group.id, u1), false);
      assert.equal(await store.removeMember(group.id, uniqueNumber()), false);
      assert.equal(await store.removeMember(uniqueNumber(), u2), false);
      assert.equal((await store.getGroup(group.id))?.memberCount, 2);
      assert.equal(await store.getMember(group.id, u1), null);
      assert.deepEqual(
        (await store.listMembers(group.id)).map((m) => m.userId).sort(byNumber),
        [owner, u2].sort(byNumber),
      );

      // A removed member can join again.
      await store.addMember(group.id, u1, 'member', tick());
      assert.equal((await store.getGroup(group.id))?.memberCount, 3);
      assert.deepEqual(await store.listMembers(uniqueNumber()), []);
    });

    test('setMemberRole changes the role of a member and is false otherwise', async () => {
      const owner = uniqueNumber();
      const user = uniqueNumber();
      const group = await store.createGroup(newGroup(owner));
      await store.addMember(group.id, user, 'member', tick());
      assert.equal(await store.setMemberRole(group.id, user, 'admin'), true);
      assert.equal((await store.getMember(group.id, user))?.role, 'admin');
      assert.equal((await store.getMember(group.id, owner))?.role, 'owner', 'other members keep their role');
      assert.equal(await store.setMemberRole(group.id, uniqueNumber(), 'admin'), false);
      assert.equal(await store.setMemberRole(uniqueNumber(), user, 'admin'), false);
      assert.equal((await store.getGroup(group.id))?.memberCount, 2);
    });

    test('groupsOfUser lists the groups a user is in, and only those', async () => {
      const owner = uniqueNumber();
      const user = uniqueNumber();
      const g1 = await store.createGroup(newGroup(owner));
      const g2 = await store.createGroup(newGroup(uniqueNumber()));
      const g3 = await store.createGroup(newGroup(uniqueNumber()));
      await store.addMember(g2.id, user, 'member', tick());
      await store.addMember(g3.id, user, 'member', tick());
      await store.addMember(g3.id, owner, 'member', tick());

      const ids = async (userId: number): Promise<number[]> => (await store.groupsOfUser(userId)).map((group) => group.id).sort(byNumber);
      assert.deepEqual(await ids(user), [g2.id, g3.id].sort(byNumber));
      assert.deepEqual(await ids(owner), [g1.id, g3.id].sort(byNumber));
      const records = await store.groupsOfUser(user);
      const g3Record = records.find((group) => group.id === g3.id);
      assert.equal(g3Record?.name, g3.name);
      assert.equal(g3Record?.memberCount, 3);

      await store.removeMember(g2.id, user);
      assert.deepEqual(await ids(user), [g3.id]);
      assert.deepEqual(await ids(uniqueNumber()), []);
    });

    test('updateGroup changes fields, reports a missing group, and frees the old name', async () => {
      const owner = uniqueNumber();
      const group = await store.createGroup(newGroup(owner, { description: 'old', avatar: 'old.png' }));
      const other = await store.createGroup(newGroup(owner));

      await assert.rejects(store.updateGroup(group.id, { name: other.name }, tick()), conflict('group_name'));
      assert.equal((await store.getGroup(group.id))?.name, group.name, 'a rejected rename changes nothing');

      assert.equal(await store.updateGroup(uniqueNumber(), { description: 'x' }, tick()), false);

      const at = tick();
      assert.equal(await store.updateGroup(group.id, { description: 'new' }, at), true);
      let updated = await store.getGroup(group.id);
      assert.equal(updated?.description, 'new');
      assert.equal(updated?.avatar, 'old.png', 'fields not in the patch stay');
      assert.equal(updated?.name, group.name);
      assert.equal(updated?.updatedAt, at);
      assert.equal(updated?.createdAt, group.createdAt);

      const newName = uniqueToken('group');
      const renamedAt = tick();
      assert.equal(await store.updateGroup(group.id, { name: newName, avatar: 'new.png' }, renamedAt), true);
      updated = await store.getGroup(group.id);
      assert.equal(updated?.name, newName);
      assert.equal(updated?.avatar, 'new.png');
      assert.equal(updated?.description, 'new');
      assert.equal(updated?.updatedAt, renamedAt);
      assert.equal(updated?.memberCount, 1);

      // Renaming to its own name is fine; the old name is free again, the new one is taken.
      assert.equal(await store.updateGroup(group.id, { name: newName }, tick()), true);
      const reuse = await store.createGroup(newGroup(uniqueNumber(), { name: group.name }));
      assert.equal(reuse.name, group.name);
      await assert.rejects(store.createGroup(newGroup(uniqueNumber(), { name: newName })), conflict('group_name'));
    });

    // ── Group messages ──────────────────────────────────────────────────────────────────────

    test('appendGroupMessage gives increasing ids and dedups by group + sender + clientMsgId', async () => {
      const [owner, other] = [uniqueNumber(), uniqueNumber()];
      const group = await store.createGroup(newGroup(owner));
      const second = await store.createGroup(newGroup(owner));
      const clientMsgId = uniqueToken('cmid');

      const first = await store.appendGroupMessage(groupMessage(group.id, owner, { clientMsgId, content: 'first' }));
      assert.equal(first.duplicate, false);
      assert.equal(first.record.content, 'first');
      const plain = await store.appendGroupMessage(groupMessage(group.id, owner));
      assert.ok(plain.record.id > first.record.id, 'ids increase');

      const retry = await store.appendGroupMessage(groupMessage(group.id, owner, { clientMsgId, content: 'retried' }));
      assert.equal(retry.duplicate, true);
      assert.equal(retry.record.id, first.record.id);
      assert.equal(retry.record.msgId, first.record.msgId);
      assert.equal(retry.record.content, 'first');

      const otherSender = await store.appendGroupMessage(groupMessage(group.id, other, { clientMsgId }));
      assert.equal(otherSender.duplicate, false, 'another sender may use the same clientMsgId');
      const otherGroup = await store.appendGroupMessage(groupMessage(second.id, owner, { clientMsgId }));
      assert.equal(otherGroup.duplicate, false, 'the same sender may use it in another group');
      assert.ok(otherSender.record.id > plain.record.id);

      const history = await store.groupHistory(group.id, 0, 100);
      assert.deepEqual(
        history.map((record) => record.id),
        [otherSender.record.id, plain.record.id, first.record.id],
        'the retry stored nothing',
      );
      assert.deepEqual(history[2], { ...first.record });
      assert.equal(first.record.groupId, group.id);
      assert.equal(first.record.senderId, owner);
    });

    test('appendGroupMessage to a missing group is NotFoundError and stores nothing', async () => {
      const groupId = uniqueNumber();
      await assert.rejects(store.appendGroupMessage(groupMessage(groupId, uniqueNumber())), notFound('group'));
      assert.deepEqual(await store.groupHistory(groupId, 0, 10), []);
    });

    test('groupHistory is newest first and pages with beforeId and limit', async () => {
      const owner = uniqueNumber();
      const group = await store.createGroup(newGroup(owner));
      const noise = await store.createGroup(newGroup(owner));
      const ids: number[] = [];
      for (let i = 0; i < 7; i++) {
        ids.push((await store.appendGroupMessage(groupMessage(group.id, owner, { content: `m${i}` }))).record.id);
        await store.appendGroupMessage(groupMessage(noise.id, owner));
      }
      const newestFirst = [...ids].reverse();

      const all = await store.groupHistory(group.id, 0, 100);
      assert.deepEqual(
        all.map((record) => record.id),
        newestFirst,
      );
      assert.deepEqual(
        all.map((record) => record.content),
        ['m6', 'm5', 'm4', 'm3', 'm2', 'm1', 'm0'],
      );

      const paged: number[] = [];
      let beforeId = 0;
      for (let pages = 0; pages < 10; pages++) {
        const page = await store.groupHistory(group.id, beforeId, 3);
        assert.ok(page.length <= 3);
        if (page.length === 0) break;
        paged.push(...page.map((record) => record.id));
        beforeId = page[page.length - 1]?.id ?? 0;
      }
      assert.deepEqual(paged, newestFirst, 'pages cover the history once, in order');

      assert.deepEqual(
        (await store.groupHistory(group.id, ids[3] ?? 0, 2)).map((record) => record.id),
        [ids[2], ids[1]],
      );
      assert.deepEqual(await store.groupHistory(group.id, ids[0] ?? 0, 10), []);
      assert.deepEqual(await store.groupHistory(uniqueNumber(), 0, 10), []);
    });
  });
}

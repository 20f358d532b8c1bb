/** The whole group life cycle over real TCP: 215–234 with roles and permissions, and 310 → 311 + 312 (§4.9, §4.10). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RawClient } from '../helpers/rawClient.js';
import { registerAndLogin, startTestNode, uniqueName, type TestNode, type TestUser } from '../helpers/testNode.js';

const GO_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('groups', () => {
  let node: TestNode;
  const opened: RawClient[] = [];
  const user = async (prefix: string): Promise<TestUser> => {
    const created = await registerAndLogin(node.port, prefix);
    opened.push(created.client);
    return created;
  };
  before(async () => {
    node = await startTestNode();
  });
  after(async () => {
    for (const client of opened) client.close();
    await node.stop();
  });

  test('every group request answers {"error":"用户未登录"} when not logged in (310 stays silent)', async () => {
    const anonymous = await RawClient.connect(node.port);
    opened.push(anonymous);
    for (const [request, response] of [[215, 216], [217, 218], [219, 220], [222, 223], [224, 225], [226, 227], [228, 229], [230, 231], [232, 233], [234, 235]] as const) {
      assert.deepEqual((await anonymous.request(request, { group_id: 1 }, response)).json, { error: '用户未登录' }, `id ${request}`);
    }
    anonymous.send(310, { group_id: 1, content: 'x' });
    await anonymous.expectSilence(100);
  });

  test('bad JSON gives each request its bad-request error; 234 has its own text', async () => {
    const owner = await user('bj');
    for (const [request, response] of [[215, 216], [217, 218], [219, 220], [222, 223], [226, 227], [228, 229], [230, 231], [232, 233]] as const) {
      assert.deepEqual((await owner.client.request(request, 'not json', response)).json, { error: '请求数据格式错误' });
      // A wrong JSON type fails the whole request, as in Go.
      const wrongType = request === 215 ? { name: 5 } : { group_id: 'one' };
      assert.deepEqual((await owner.client.request(request, wrongType, response)).json, { error: '请求数据格式错误' }, `id ${request}`);
    }
    assert.deepEqual((await owner.client.request(234, { group_id: -1 }, 235)).json, { error: '请求格式错误' });
    assert.deepEqual((await owner.client.request(310, { group_id: 4294967296, content: 'x' }, 311)).json, {
      status: 1,
      error: 'Invalid request format',
    });
  });

  test('life cycle: create, join, members, my groups, details, update, roles, remove, leave', async () => {
    const owner = await user('own');
    const admin = await user('adm');
    const member = await user('mem');
    const outsider = await user('out');
    const name = uniqueName('group');

    const created = await owner.client.request(215, { name, description: 'd', avatar: 'a.png' }, 216);
    assert.deepEqual(Object.keys(created.json), ['id', 'name', 'owner_user_id', 'description', 'avatar', 'member_count', 'created_at']);
    assert.equal(created.json.owner_user_id, owner.id);
    assert.equal(created.json.member_count, 1);
    assert.match(created.json.created_at, GO_DATETIME);
    const groupId: number = created.json.id;
    const dup = await outsider.client.request(215, { name }, 216);
    assert.match(dup.json.error, /^创建群组失败: failed to create group: /);

    assert.deepEqual((await admin.client.request(217, { group_id: groupId }, 218)).json, { message: '成功加入群组' });
    assert.deepEqual((await member.client.request(217, { GROUP_ID: groupId }, 218)).json, { message: '成功加入群组' });
    assert.deepEqual((await member.client.request(217, { group_id: groupId }, 218)).json, { error: '加入群组失败: user already in this group' });
    assert.deepEqual((await member.client.request(217, { group_id: 999999 }, 218)).json, { error: '加入群组失败: group not found' });

    const members = await member.client.request(222, { group_id: groupId }, 223);
    assert.equal(members.json.group_id, groupId);
    assert.equal(members.json.total, 3);
    assert.deepEqual(members.json.members.map((m: { user_id: number; role: string }) => [m.user_id, m.role]), [
      [owner.id, 'owner'],
      [admin.id, 'member'],
      [member.id, 'member'],
    ]);
    assert.deepEqual(Object.keys(members.json.members[0]), ['member_id', 'user_id', 'user_uuid', 'username', 'role', 'joined_at', 'is_online']);
    assert.equal(members.json.members[0].is_online, true);
    assert.deepEqual((await outsider.client.request(222, { group_id: groupId }, 223)).json, { error: '您不是该群组的成员' });

    const mine = await member.client.request(224, '', 225);
    assert.deepEqual(mine.json, { groups: [{ id: groupId, name, member_count: 3, description: 'd' }], total: 1 });
    assert.deepEqual((await outsider.client.request(224, '', 225)).json, { groups: [], total: 0 });

    const details = await member.client.request(232, { group_id: groupId }, 233);
    assert.deepEqual(Object.keys(details.json), ['id', 'name', 'owner_user_id', 'description', 'avatar', 'member_count', 'created_at', 'updated_at']);
    assert.equal(details.json.member_count, 3);
    assert.match(details.json.updated_at, GO_DATETIME);
    assert.deepEqual((await outsider.client.request(232, { group_id: groupId }, 233)).json, { error: '您不是该群组的成员' });

    // Roles: only the owner sets them; admin/member only.
    assert.deepEqual((await member.client.request(228, { group_id: groupId, target_user_id: admin.id, new_role: 'admin' }, 229)).json, {
      error: '设置成员角色失败: permission denied: only group owner can change member roles',
    });
    assert.deepEqual((await owner.client.request(228, { group_id: groupId, target_user_id: outsider.id, new_role: 'admin' }, 229)).json, {
      error: '设置成员角色失败: target user is not a member of this group',
    });
    assert.deepEqual((await owner.client.request(228, { group_id: groupId, target_user_id: owner.id, new_role: 'member' }, 229)).json, {
      error: '设置成员角色失败: cannot change role of the group owner',
    });
    assert.deepEqual((await owner.client.request(228, { group_id: groupId, target_user_id: admin.id, new_role: 'owner' }, 229)).json, {
      error: "设置成员角色失败: invalid role: must be 'admin' or 'member'",
    });
    assert.deepEqual((await owner.client.request(228, { group_id: 999999, target_user_id: admin.id, new_role: 'admin' }, 229)).json, {
      error: '设置成员角色失败: group not found',
    });
    assert.deepEqual((await owner.client.request(228, { group_id: groupId, target_user_id: admin.id, new_role: 'admin' }, 229)).json, {
      message: '成员角色设置成功',
    });

    // Update: owner or admin; empty fields mean "unchanged".
    assert.deepEqual((await member.client.request(226, { group_id: groupId, name: 'x' }, 227)).json, {
      error: '更新群组信息失败: permission denied: only group owner and admins can update group info',
    });
    assert.deepEqual((await admin.client.request(226, { group_id: groupId }, 227)).json, { error: '更新群组信息失败: no updates provided' });
    assert.deepEqual((await admin.client.request(226, { group_id: 999999, name: 'n' }, 227)).json, { error: '更新群组信息失败: group not found' });
    assert.deepEqual((await admin.client.request(226, { group_id: groupId, description: 'new d' }, 227)).json, { message: '群组信息更新成功' });
    assert.equal((await owner.client.request(232, { group_id: groupId }, 233)).json.description, 'new d');

    // Remove: an admin may remove plain members only; the owner anyone but itself.
    const extra = await user('extra');
    await extra.client.request(217, { group_id: groupId }, 218);
    assert.deepEqual((await member.client.request(230, { group_id: groupId, target_user_id: extra.id }, 231)).json, {
      error: '移除成员失败: permission denied: only group owner and admins can remove members',
    });
    assert.deepEqual((await admin.client.request(230, { group_id: groupId, target_user_id: owner.id }, 231)).json, {
      error: '移除成员失败: permission denied: admins cannot remove other admins or the owner',
    });
    assert.deepEqual((await admin.client.request(230, { group_id: groupId, target_user_id: outsider.id }, 231)).json, {
      error: '移除成员失败: target user is not a member of this group',
    });
    assert.deepEqual((await owner.client.request(230, { group_id: groupId, target_user_id: owner.id }, 231)).json, {
      error: '移除成员失败: cannot remove yourself from group, use leave group instead',
    });
    assert.deepEqual((await owner.client.request(230, { group_id: groupId, target_user_id: outsider.id }, 231)).json, {
      error: '移除成员失败: member not found in group',
    });
    assert.deepEqual((await admin.client.request(230, { group_id: groupId, target_user_id: extra.id }, 231)).json, { message: '成员已从群组中移除' });
    assert.deepEqual((await owner.client.request(230, { group_id: groupId, target_user_id: admin.id }, 231)).json, { message: '成员已从群组中移除' });

    // Leave: the owner cannot; a non-member cannot.
    assert.deepEqual((await owner.client.request(219, { group_id: groupId }, 220)).json, {
      error: '退出群组失败: group owner cannot leave the group directly, please transfer ownership first',
    });
    assert.deepEqual((await outsider.client.request(219, { group_id: groupId }, 220)).json, { error: '退出群组失败: user is not a member of this group' });
    assert.deepEqual((await outsider.client.request(219, { group_id: 999999 }, 220)).json, { error: '退出群组失败: group not found' });
    assert.deepEqual((await member.client.request(219, { group_id: groupId }, 220)).json, { message: '成功退出群组' });
    assert.equal((await owner.client.request(232, { group_id: groupId }, 233)).json.member_count, 1);
  });

  test('group text: 312 to the other online members, 311 to the sender after the pushes, errors', async () => {
    const owner = await user('gt');
    const other = await user('gt');
    const outsider = await user('gt');
    const groupId = (await owner.client.request(215, { name: uniqueName('chat') }, 216)).json.id;
    await other.client.request(217, { group_id: groupId }, 218);

    owner.client.send(310, { group_id: groupId, content: 'hello group' });
    const ack = await owner.client.next(311);
    assert.deepEqual(Object.keys(ack.json), ['msg_id', 'status']);
    assert.equal(ack.json.status, 0);
    assert.match(ack.json.msg_id, /^[0-9a-f-]{36}$/);
    const push = await other.client.next(312);
    assert.deepEqual(Object.keys(push.json), ['group_id', 'from_user_id', 'from_user_uuid', 'from_username', 'content', 'timestamp']);
    assert.deepEqual({ ...push.json, timestamp: 0 }, {
      group_id: groupId,
      from_user_id: owner.id,
      from_user_uuid: owner.uuid,
      from_username: owner.username,
      content: 'hello group',
      timestamp: 0,
    });
    await owner.client.expectSilence(100, 312);

    assert.deepEqual((await outsider.client.request(310, { group_id: groupId, content: 'x' }, 311)).json, {
      status: 3,
      error: 'You are not a member of this group',
    });
    assert.deepEqual((await owner.client.request(310, '{', 311)).json, { status: 1, error: 'Invalid request format' });
    await other.client.expectSilence(50, 312);
  });

  test('a member removed elsewhere stops getting pushes; a new member starts', async () => {
    const owner = await user('rm');
    const target = await user('rm');
    const groupId = (await owner.client.request(215, { name: uniqueName('rmg') }, 216)).json.id;
    await target.client.request(217, { group_id: groupId }, 218);
    await owner.client.request(230, { group_id: groupId, target_user_id: target.id }, 231);
    await owner.client.request(310, { group_id: groupId, content: 'after removal' }, 311);
    await target.client.expectSilence(100, 312);
  });

  test('group history (234 → 235): members only, newest first, paged by last_id with has_more', async () => {
    const owner = await user('hist');
    const outsider = await user('hist');
    const groupId = (await owner.client.request(215, { name: uniqueName('histg') }, 216)).json.id;
    for (let i = 1; i <= 5; i++) await owner.client.request(310, { group_id: groupId, content: `m${i}` }, 311);
    const page1 = await owner.client.request(234, { group_id: groupId, limit: 2 }, 235);
    assert.equal(page1.json.group_id, groupId);
    assert.deepEqual(page1.json.messages.map((m: { content: string }) => m.content), ['m5', 'm4']);
    assert.equal(page1.json.has_more, true);
    assert.deepEqual(Object.keys(page1.json.messages[0]), ['id', 'msg_id', 'sender_id', 'sender_uuid', 'sender_name', 'content', 'message_type', 'timestamp']);
    assert.equal(page1.json.messages[0].message_type, 'text');
    const page2 = await owner.client.request(234, { group_id: groupId, last_id: page1.json.messages[1].id, limit: 2 }, 235);
    assert.deepEqual(page2.json.messages.map((m: { content: string }) => m.content), ['m3', 'm2']);
    const page3 = await owner.client.request(234, { group_id: groupId, last_id: page2.json.messages[1].id, limit: 2 }, 235);
    assert.deepEqual(page3.json.messages.map((m: { content: string }) => m.content), ['m1']);
    assert.equal(page3.json.has_more, false);
    assert.equal((await owner.client.request(234, { group_id: groupId }, 235)).json.messages.length, 5);
    assert.deepEqual((await outsider.client.request(234, { group_id: groupId }, 235)).json, {
      error: `获取历史消息失败：user ${outsider.id} is not a member of group ${groupId}`,
    });
  });
});

/** GroupMessageService.sendMany: stores and routes in the order given, one result each; a failure costs only its own message. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { GroupMessageInput, GroupMessageRecord } from '../cluster/store/records.js';
import { GroupMessageService } from './groupMessages.js';

test('a run of group messages is stored and routed in order; not-member, store and route failures stay with their message', async () => {
  const stored: string[] = [];
  const routed: string[] = [];
  let id = 0;
  const store = {
    getMember: async (groupId: number) => {
      if (groupId === 99) throw new Error('redis down');
      return groupId === 7 ? null : { groupId, userId: 1, role: 'member' };
    },
    appendGroupMessage: async (message: GroupMessageInput) => {
      stored.push(message.content);
      if (message.content === 'store-fails') throw new Error('no space');
      const record = { ...message, id: ++id } as unknown as GroupMessageRecord;
      return { record, duplicate: message.content === 'again' };
    },
  } as unknown as ChatStore;
  const router = {
    routeDirect: async () => [],
    routeGroup: async (record: GroupMessageRecord) => {
      routed.push(record.content);
      if (record.content === 'route-fails') throw new Error('no PubAck');
    },
    membershipChanged: async () => {},
  };
  const service = new GroupMessageService(store, router, () => 1000);
  const sender = { id: 1, uuid: 'u1', username: 'alice' };
  const results = await service.sendMany(sender, [
    { groupId: 1, content: 'one' },
    { groupId: 7, content: 'not a member' },
    { groupId: 99, content: 'check fails' },
    { groupId: 1, content: 'store-fails' },
    { groupId: 1, content: 'again' },
    { groupId: 1, content: 'route-fails' },
    { groupId: 1, content: 'two' },
  ]);
  assert.deepEqual(
    results.map((result) => (result.ok ? `ok ${result.record.content}${result.duplicate ? ' (duplicate)' : ''}` : result.reason)),
    ['ok one', 'not_member', 'membership_failed', 'store_failed', 'ok again (duplicate)', 'route_failed', 'ok two'],
  );
  assert.deepEqual(stored, ['one', 'store-fails', 'again', 'route-fails', 'two']);
  assert.deepEqual(routed, ['one', 'route-fails', 'two']);
});

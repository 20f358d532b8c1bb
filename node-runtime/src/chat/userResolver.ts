/**
 * chat-zinx accepts a P2P recipient as a UUID, a username or a decimal numeric id, tried in
 * that order (§4.5 step 4).
 */
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { UserRecord } from '../cluster/store/records.js';

const UINT32_DECIMAL = /^[0-9]{1,10}$/;

export async function resolveUser(store: ChatStore, reference: string): Promise<UserRecord | null> {
  if (reference === '') return null;
  const byUuid = await store.getUserByUuid(reference);
  if (byUuid) return byUuid;
  const byName = await store.getUserByUsername(reference);
  if (byName) return byName;
  if (UINT32_DECIMAL.test(reference)) {
    const id = Number(reference);
    if (id <= 0xffff_ffff) return store.getUserById(id);
  }
  return null;
}

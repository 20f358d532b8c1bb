/**
 * listPresence: one page of the presence snapshot with usernames (resolved through the store in
 * one batch per page read), optionally filtered by a case-insensitive username substring or an
 * exact user id, plus the online count of every node.
 *
 * A search reads store pages until it has `limit` matches, the snapshot ends, or it has looked at
 * MAX_SCANNED entries; then it returns what it found with the cursor to continue from.
 */
import type { PresencePage, PresencePageRequest, PresenceRow } from '../../contract/index.js';
import type { PresenceStore } from '../cluster/presence/presenceStore.js';
import type { ChatStore } from '../cluster/store/chatStore.js';

const MAX_SCANNED = 5000;

export async function queryPresence(presence: PresenceStore, store: ChatStore, request: PresencePageRequest): Promise<PresencePage> {
  const term = request.search.trim().toLowerCase();
  const exactId = /^\d{1,15}$/.test(term) ? Number(term) : null;
  const matches = (row: PresenceRow): boolean =>
    term === '' || row.userId === exactId || (row.username !== null && row.username.toLowerCase().includes(term));

  const rows: PresenceRow[] = [];
  let cursor = request.cursor;
  let scanned = 0;
  do {
    const page = await presence.snapshot(cursor, request.limit - rows.length);
    cursor = page.nextCursor;
    scanned += page.entries.length;
    const names = await usernames(store, page.entries.map((entry) => entry.userId));
    for (const entry of page.entries) {
      const row: PresenceRow = { userId: entry.userId, username: names.get(entry.userId) ?? null, nodeId: entry.nodeId, since: entry.since };
      if (matches(row)) rows.push(row);
    }
    if (page.entries.length === 0) break;
  } while (term !== '' && cursor !== null && rows.length < request.limit && scanned < MAX_SCANNED);

  return { rows, nextCursor: cursor, countsByNode: await presence.countsByNode() };
}

/** userId → username, for every id at once. */
export async function usernames(store: ChatStore, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const users = await store.getUsersByIds(unique);
  return new Map(users.map((user) => [user.id, user.username]));
}

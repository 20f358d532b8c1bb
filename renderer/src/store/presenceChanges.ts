import type { PresenceChangeView, PresenceRow } from '../../../node-runtime/contract/index.js';
import type { PresenceHighlight } from './storeTypes.js';

/** How long a changed row stays highlighted (an offline row leaves the table afterwards). */
export const HIGHLIGHT_MS = 4000;

export const presenceKey = (userId: number, nodeId: string): string => `${userId}:${nodeId}`;

/** The server's rule (presenceQuery): case-insensitive substring of the username, or the exact user id. */
export function matchesSearch(search: string, userId: number, username: string | null): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === '') return true;
  if (/^\d{1,15}$/.test(needle) && Number(needle) === userId) return true;
  return username !== null && username.toLowerCase().includes(needle);
}

export interface PresencePageView {
  rows: PresenceRow[];
  counts: Record<string, number>;
  highlights: Record<string, PresenceHighlight>;
  search: string;
  /** New users are only inserted on the first page; later pages keep their cursor order. */
  onFirstPage: boolean;
}

/**
 * Applies one batch of presence events in one step. Every change moves its node's count (the
 * server's countsByNode covers everyone, whatever the search). Rows follow only the changes that
 * match the search, and per row only the last change of the batch counts: rows on the page are
 * highlighted (offline ones leave when the highlight ends), new online users are prepended on the
 * first page.
 */
export function applyPresenceBatch(
  view: PresencePageView,
  changes: readonly PresenceChangeView[],
  now: number,
): Pick<PresencePageView, 'rows' | 'counts' | 'highlights'> {
  const counts = { ...view.counts };
  const last = new Map<string, PresenceChangeView>();
  for (const change of changes) {
    const count = (counts[change.nodeId] ?? 0) + (change.kind === 'online' ? 1 : -1);
    counts[change.nodeId] = Math.max(0, count);
    if (matchesSearch(view.search, change.userId, change.username)) last.set(presenceKey(change.userId, change.nodeId), change);
  }
  if (last.size === 0) return { rows: view.rows, counts, highlights: view.highlights };

  const highlights = { ...view.highlights };
  const onPage = new Set(view.rows.map((row) => presenceKey(row.userId, row.nodeId)));
  const added: PresenceRow[] = [];
  let rows = view.rows;
  for (const [key, change] of last) {
    if (onPage.has(key)) {
      highlights[key] = { kind: change.kind, until: now + HIGHLIGHT_MS };
      if (change.kind === 'online' && change.username !== null) {
        rows = rows.map((row) => (presenceKey(row.userId, row.nodeId) === key ? { ...row, username: change.username } : row));
      }
    } else if (change.kind === 'online' && view.onFirstPage) {
      added.push({ userId: change.userId, username: change.username, nodeId: change.nodeId, since: change.at });
      highlights[key] = { kind: 'online', until: now + HIGHLIGHT_MS };
    }
  }
  if (added.length > 0) rows = [...added.reverse(), ...rows];
  return { rows, counts, highlights };
}

/** Drops highlights that ended, and the offline rows they were keeping on screen. */
export function expirePresenceHighlights(
  rows: PresenceRow[],
  highlights: Record<string, PresenceHighlight>,
  now: number,
): { rows: PresenceRow[]; highlights: Record<string, PresenceHighlight>; nextExpiry: number | null } {
  const kept: Record<string, PresenceHighlight> = {};
  const leaving = new Set<string>();
  let nextExpiry: number | null = null;
  for (const [key, highlight] of Object.entries(highlights)) {
    if (highlight.until <= now) {
      if (highlight.kind === 'offline') leaving.add(key);
      continue;
    }
    kept[key] = highlight;
    nextExpiry = nextExpiry === null ? highlight.until : Math.min(nextExpiry, highlight.until);
  }
  const remaining = leaving.size === 0 ? rows : rows.filter((row) => !leaving.has(presenceKey(row.userId, row.nodeId)));
  return { rows: remaining, highlights: kept, nextExpiry };
}

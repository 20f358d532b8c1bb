import { toSerializedError } from '../transport/index.js';
import { applyPresenceBatch, expirePresenceHighlights } from './presenceChanges.js';
import type { SliceDeps } from './sliceDeps.js';
import type { PresenceSlice } from './storeTypes.js';

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
/** The contract's bounds for PresencePageRequest.limit. */
const MIN_LIMIT = 1;
const MAX_LIMIT = 500;

/**
 * The user → node table: cursor pages (a stack of earlier cursors gives "previous"), search,
 * per-node counts, and live presence events applied in batches with fading row highlights.
 */
export function createPresenceSlice({ client, env, set, get }: SliceDeps): PresenceSlice {
  /** Only the newest request may write its answer (search typing fires several). */
  let requestSeq = 0;
  let expiryTimer: unknown = null;

  function scheduleExpiry(at: number | null): void {
    if (expiryTimer !== null) env.clearTimeout(expiryTimer);
    expiryTimer = null;
    if (at === null) return;
    expiryTimer = env.setTimeout(
      () => {
        expiryTimer = null;
        get().expirePresenceHighlights();
      },
      Math.max(0, at - env.now()),
    );
  }

  async function load(cursor: string | null, prevCursors: (string | null)[]): Promise<void> {
    const seq = ++requestSeq;
    set({ presenceState: 'loading', presenceCursor: cursor, presencePrevCursors: prevCursors });
    const { presencePageSize: limit, presenceSearch: search } = get();
    try {
      const page = await client.call('listPresence', { cursor, limit, search });
      if (seq !== requestSeq) return;
      set({
        presenceRows: page.rows,
        presenceCounts: page.countsByNode,
        presenceNextCursor: page.nextCursor,
        presenceState: 'ready',
        presenceError: null,
      });
    } catch (error) {
      if (seq !== requestSeq) return;
      set({ presenceState: 'error', presenceError: toSerializedError(error) });
    }
  }

  return {
    presenceRows: [],
    presenceCounts: {},
    presenceCursor: null,
    presencePrevCursors: [],
    presenceNextCursor: null,
    presencePageSize: DEFAULT_PAGE_SIZE,
    presenceSearch: '',
    presenceState: 'idle',
    presenceError: null,
    presenceHighlights: {},

    loadPresence: () => load(get().presenceCursor, get().presencePrevCursors),

    async nextPresencePage() {
      const { presenceNextCursor: next, presenceCursor: current, presencePrevCursors: prev } = get();
      if (next === null) return;
      await load(next, [...prev, current]);
    },

    async prevPresencePage() {
      const prev = get().presencePrevCursors;
      if (prev.length === 0) return;
      await load(prev[prev.length - 1] ?? null, prev.slice(0, -1));
    },

    async setPresencePageSize(size) {
      set({ presencePageSize: Math.min(MAX_LIMIT, Math.max(MIN_LIMIT, Math.trunc(size))) });
      await load(null, []);
    },

    async setPresenceSearch(search) {
      if (search === get().presenceSearch) return;
      set({ presenceSearch: search });
      await load(null, []);
    },

    applyPresenceChanges(changes) {
      if (changes.length === 0) return;
      const state = get();
      const next = applyPresenceBatch(
        {
          rows: state.presenceRows,
          counts: state.presenceCounts,
          highlights: state.presenceHighlights,
          search: state.presenceSearch,
          onFirstPage: state.presenceCursor === null,
        },
        changes,
        env.now(),
      );
      set({ presenceRows: next.rows, presenceCounts: next.counts, presenceHighlights: next.highlights });
      const untils = Object.values(next.highlights).map((highlight) => highlight.until);
      scheduleExpiry(untils.length === 0 ? null : Math.min(...untils));
    },

    expirePresenceHighlights() {
      const state = get();
      const next = expirePresenceHighlights(state.presenceRows, state.presenceHighlights, env.now());
      set({ presenceRows: next.rows, presenceHighlights: next.highlights });
      scheduleExpiry(next.nextExpiry);
    },
  };
}

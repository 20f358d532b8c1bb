import type { AdminClient } from '../../../node-runtime/contract/index.js';

/**
 * State of the live event feed. `ipc` is always `open`; over HTTP it is a WebSocket that
 * reconnects with backoff. `no-token` and `unauthorized` do not retry: the user must open the
 * URL printed by `npm run web` again.
 */
export type EventsState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'no-token' | 'unauthorized';

export interface EventsStatus {
  transport: 'ipc' | 'http';
  state: EventsState;
  /** Reconnect attempts since the feed was last open. */
  attempt: number;
  /** Delay before the next attempt while `reconnecting`, else null. */
  retryInMs: number | null;
}

/** The contract's AdminClient plus what the UI shows about the transport itself. */
export interface ConsoleClient extends AdminClient {
  readonly transport: 'ipc' | 'http';
  eventsStatus(): EventsStatus;
  onEventsStatus(listener: (status: EventsStatus) => void): () => void;
}

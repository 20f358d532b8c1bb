import { toSerializedError } from '../transport/index.js';
import type { SliceDeps } from './sliceDeps.js';
import type { ConnectionSlice } from './storeTypes.js';

/** What the console is connected to (ConsoleInfo), the event feed's state, and start-up. */
export function createConnectionSlice({ client, set, get }: SliceDeps): ConnectionSlice {
  return {
    transport: client.transport,
    info: null,
    infoState: 'idle',
    infoError: null,
    events: client.eventsStatus(),

    async loadInfo() {
      set({ infoState: 'loading' });
      try {
        const info = await client.call('getInfo', null);
        set({ info, infoState: 'ready', infoError: null });
      } catch (error) {
        set({ infoState: 'error', infoError: toSerializedError(error) });
      }
    },

    start() {
      const stops = [
        client.onEventsStatus((events) => {
          const wasLost = get().events.state === 'reconnecting';
          set({ events });
          // Events sent while the feed was down are lost: read the current state again.
          if (wasLost && events.state === 'open') {
            void get().refreshOverview();
            void get().loadPresence();
          }
        }),
        client.on('overview', (overview) => get().applyOverview(overview)),
        client.on('presence', (changes) => get().applyPresenceChanges(changes)),
        client.on('traffic', (batch) => get().applyTraffic(batch)),
        client.on('lab', (update) => get().applyLab(update)),
        client.on('failover', (update) => get().applyFailover(update)),
      ];
      set({ events: client.eventsStatus() });
      void get().loadInfo();
      void get().refreshOverview();
      void get().loadPresence();
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}

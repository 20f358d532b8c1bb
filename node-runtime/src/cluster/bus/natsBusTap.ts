/**
 * The NATS tap: its own connection (named `<node>-tap` in the server's /connz) with two core
 * wildcard subscriptions. Core subscribers see JetStream publishes too, so the tap sees every bus
 * message without a consumer or any JetStream state. Being its own connection, it cannot slow the
 * node's bus down: if the tap cannot keep up, the server cuts this connection only (and it
 * reconnects). Its reconnects are reported to the console (the Failover lab's timeline).
 */
import type { Subscription } from '@nats-io/transport-node';
import { silentLogger } from '../../common/logger.js';
import { TAP_SUBJECTS, type BusTap, type BusTapStateChange, type TapHandler } from './busTap.js';
import { openNatsLink, type NatsConnectionOptions } from './natsConnection.js';

export async function openNatsBusTap(options: NatsConnectionOptions, handler: TapHandler): Promise<BusTap> {
  const logger = (options.logger ?? silentLogger).child({ backend: 'nats-tap' });
  const link = await openNatsLink({ ...options, logger }, 'down');
  const listeners = new Set<(change: BusTapStateChange) => void>();
  let downSince = 0;
  const stopFollowing = link.onStateChange((state) => {
    const change: BusTapStateChange = { state, server: link.server };
    if (state === 'reconnecting') downSince = Date.now();
    if (state === 'connected' && downSince > 0) change.downMs = Date.now() - downSince;
    for (const listener of listeners) listener(change);
  });
  const subscriptions: Subscription[] = TAP_SUBJECTS.map((subject) =>
    link.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) logger.warn('nats_tap_error', { subject, error: error.message });
        else handler(msg.subject, msg.data);
      },
    }),
  );
  return {
    source: 'nats',
    get server() {
      return link.server;
    },
    get state() {
      return link.state;
    },
    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      stopFollowing();
      for (const subscription of subscriptions) subscription.unsubscribe();
      // No drain: what is still buffered for a tap is not worth waiting for.
      await link.close(0);
    },
  };
}

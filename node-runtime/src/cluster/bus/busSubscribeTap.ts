/**
 * A tap over any MessageBus's own subscribe (two wildcard subscriptions): what the in-process bus
 * uses. Its cost is paid only while tapping: the memory bus matches wildcard subscribers only
 * when it has some.
 */
import type { BusSubscription, MessageBus } from './messageBus.js';
import { TAP_SUBJECTS, type BusTap, type BusTapStateChange, type TapHandler } from './busTap.js';

export function subscribeBusTap(bus: MessageBus, handler: TapHandler): BusTap {
  const subscriptions: BusSubscription[] = TAP_SUBJECTS.map((subject) => bus.subscribe(subject, (message) => handler(message.subject, message.data)));
  let state: BusTapStateChange['state'] = 'connected';
  return {
    source: 'memory',
    server: '',
    get state() {
      return state;
    },
    onStateChange: () => () => {},
    async close() {
      state = 'closed';
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
    },
  };
}

/** The Traffic view's back end: the bus wiretap and its aggregation (placeholder until built). */
import type { TrafficEvents, TrafficMethods } from '../../../contract/index.js';
import { FeatureEvents, type AdminFeature, type FeatureContext, type FeatureHandlers } from '../adminFeature.js';

export class TrafficFeature implements AdminFeature<TrafficMethods, TrafficEvents> {
  private readonly events = new FeatureEvents<TrafficEvents>();
  readonly handlers: FeatureHandlers<TrafficMethods> = {
    getTrafficStatus: async () => ({ tapping: false }),
  };

  constructor(readonly context: FeatureContext) {}

  on<K extends keyof TrafficEvents>(event: K, listener: (payload: TrafficEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  async close(): Promise<void> {}
}

/** The Failover lab's back end: node control, the merged timeline, scenarios and QA reports (placeholder until built). */
import type { FailoverEvents, FailoverMethods } from '../../../contract/index.js';
import { FeatureEvents, type AdminFeature, type FeatureContext, type FeatureHandlers } from '../adminFeature.js';
import type { LabFeature } from '../lab/labFeature.js';
import type { TrafficFeature } from '../traffic/trafficFeature.js';

export interface FailoverDependencies {
  lab: LabFeature;
  traffic: TrafficFeature;
}

export class FailoverFeature implements AdminFeature<FailoverMethods, FailoverEvents> {
  private readonly events = new FeatureEvents<FailoverEvents>();
  readonly handlers: FeatureHandlers<FailoverMethods> = {
    getFailoverStatus: async () => ({ running: false }),
  };

  constructor(
    readonly context: FeatureContext,
    readonly dependencies: FailoverDependencies,
  ) {}

  on<K extends keyof FailoverEvents>(event: K, listener: (payload: FailoverEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  async close(): Promise<void> {}
}

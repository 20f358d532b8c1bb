/** The Test lab's back end: test users as real TCP clients, single messages with hops, blast runs (placeholder until built). */
import type { LabEvents, LabMethods } from '../../../contract/index.js';
import { FeatureEvents, type AdminFeature, type FeatureContext, type FeatureHandlers } from '../adminFeature.js';

export class LabFeature implements AdminFeature<LabMethods, LabEvents> {
  private readonly events = new FeatureEvents<LabEvents>();
  readonly handlers: FeatureHandlers<LabMethods> = {
    getLabStatus: async () => ({ clients: 0 }),
  };

  constructor(readonly context: FeatureContext) {}

  on<K extends keyof LabEvents>(event: K, listener: (payload: LabEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  async close(): Promise<void> {}
}

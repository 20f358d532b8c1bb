/**
 * Live traffic (the Traffic view): a wiretap on the bus, aggregated in the host process and sent
 * to the renderer in batches. Declared here, merged into AdminMethods/AdminEvents by adminApi.ts.
 */

/** Where the tap stands: whether it runs and what it could not show. */
export interface TrafficStatus {
  tapping: boolean;
}

export interface TrafficMethods {
  getTrafficStatus: [null, TrafficStatus];
}

export interface TrafficEvents {
  traffic: TrafficStatus;
}

export const TRAFFIC_METHODS = ['getTrafficStatus'] as const satisfies readonly (keyof TrafficMethods)[];
export const TRAFFIC_EVENTS = ['traffic'] as const satisfies readonly (keyof TrafficEvents)[];
/** Methods that change something: refused in read-only mode. */
export const TRAFFIC_MUTATING: readonly (keyof TrafficMethods)[] = [];

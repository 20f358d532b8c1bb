/**
 * The failover lab (the Failover view): stop, kill and restart nodes, the merged timeline,
 * scripted scenarios and their QA reports. Merged into AdminMethods by adminApi.ts.
 */

export interface FailoverStatus {
  running: boolean;
}

export interface FailoverMethods {
  getFailoverStatus: [null, FailoverStatus];
}

export interface FailoverEvents {
  failover: FailoverStatus;
}

export const FAILOVER_METHODS = ['getFailoverStatus'] as const satisfies readonly (keyof FailoverMethods)[];
export const FAILOVER_EVENTS = ['failover'] as const satisfies readonly (keyof FailoverEvents)[];
/** Methods that change something: refused in read-only mode. */
export const FAILOVER_MUTATING: readonly (keyof FailoverMethods)[] = [];

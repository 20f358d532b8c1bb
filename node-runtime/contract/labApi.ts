/**
 * The test-message lab (the Test lab view): test users connected as real TCP clients, single
 * messages with their hops, and blast runs with live counters. Merged into AdminMethods by adminApi.ts.
 */

export interface LabStatus {
  clients: number;
}

export interface LabMethods {
  getLabStatus: [null, LabStatus];
}

export interface LabEvents {
  lab: LabStatus;
}

export const LAB_METHODS = ['getLabStatus'] as const satisfies readonly (keyof LabMethods)[];
export const LAB_EVENTS = ['lab'] as const satisfies readonly (keyof LabEvents)[];
/** Methods that change something: refused in read-only mode. */
export const LAB_MUTATING: readonly (keyof LabMethods)[] = [];

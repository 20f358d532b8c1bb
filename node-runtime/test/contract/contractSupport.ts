/**
 * What the contract suites share: ids that no other test (or earlier run) uses, so the suites can
 * run against one shared real server (every test works on its own subjects, node ids, user ids and
 * names), and a way to keep a known defect of one implementation visible without failing the run.
 */
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';

const RUN = randomBytes(4).toString('hex');
let counter = 0;

/** A subject/key-safe token: letters, digits and `-` only. */
export function uniqueToken(prefix = 'ct'): string {
  counter += 1;
  return `${prefix}-${RUN}-${counter}`;
}

/** A numeric id far above what a store's own counters hand out (and below 2^31), unique in this process. */
const NUMERIC_BASE = 1_000_000_000 + randomBytes(3).readUIntBE(0, 3) * 60;
export function uniqueNumber(): number {
  counter += 1;
  return NUMERIC_BASE + counter;
}

/**
 * Known defects of one implementation, by exact test name → why. Such a test still runs and is
 * reported as TODO (node:test does not fail the run on it), so the defect stays visible and the
 * entry can go once the implementation is fixed.
 */
export interface ContractTestOptions {
  timeout?: number;
}

/**
 * `test()` with a bounded run time, so a backend that never answers fails instead of hanging.
 * Every backend must pass every contract test: there is deliberately no way to mark one as known-broken.
 */
export function contractTest(defaultTimeoutMs = 15_000): (name: string, fn: () => Promise<void>, options?: ContractTestOptions) => void {
  return (name, fn, options = {}) => {
    test(name, { timeout: options.timeout ?? defaultTimeoutMs }, fn);
  };
}

/**
 * A console feature (Traffic, Test lab, Failover): its share of the admin API — handlers, argument
 * validators and events — declared in its own contract file and implemented in its own folder.
 * consoleAdmin.ts merges the features with the core AdminService into the one API.
 */
import type { Logger } from '../common/logger.js';
import type { ConsoleHost } from './consoleHost.js';

type Method = [unknown, unknown];

/** One async handler per method of a feature's contract. */
export type FeatureHandlers<M> = { [K in keyof M]: M[K] extends Method ? (arg: M[K][0]) => Promise<M[K][1]> : never };

/** One argument check per method (throws AdminError('BAD_ARGUMENT') naming the field). */
export type FeatureValidators<M> = { [K in keyof M]: M[K] extends Method ? (arg: unknown) => M[K][0] : never };

export interface AdminFeature<M, E> {
  readonly handlers: FeatureHandlers<M>;
  /** Listens to one of the feature's events; returns the unsubscribe function. */
  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void;
  /** Stops timers, taps and clients the feature started. */
  close(): Promise<void>;
}

/** What every feature is built from. */
export interface FeatureContext {
  host: ConsoleHost;
  readOnly: boolean;
  logger: Logger;
  now: () => number;
}

/** A tiny typed event fan-out for features (listeners that throw are isolated). */
export class FeatureEvents<E> {
  private readonly listeners = new Map<keyof E, Set<(payload: never) => void>>();

  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof E>(event: K, payload: E[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as (payload: E[K]) => void)(payload);
      } catch {
        // one broken listener must not starve the others
      }
    }
  }

  count<K extends keyof E>(event: K): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

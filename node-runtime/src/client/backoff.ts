/** Reconnect delays: exponential, capped, optionally jittered so many clients do not reconnect in lockstep. */
export interface ReconnectOptions {
  /** Delay before the first reconnect attempt. Default 250 ms. */
  initialDelayMs?: number;
  /** Upper bound for any delay. Default 10 000 ms. */
  maxDelayMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Spread each delay over [delay/2, delay] ("equal jitter"). Default true. */
  jitter?: boolean;
}

export type ReconnectPolicy = Required<ReconnectOptions>;

export const DEFAULT_RECONNECT: ReconnectPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: true,
};

export function reconnectPolicy(options: ReconnectOptions = {}): ReconnectPolicy {
  const policy = { ...DEFAULT_RECONNECT, ...stripUndefined(options) };
  policy.initialDelayMs = Math.max(0, policy.initialDelayMs);
  policy.maxDelayMs = Math.max(policy.initialDelayMs, policy.maxDelayMs);
  policy.factor = Math.max(1, policy.factor);
  return policy;
}

/** Delay before reconnect attempt `attempt` (1-based). `random` is injectable for tests. */
export function backoffDelay(policy: ReconnectPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  // Equal jitter keeps at least half the delay: full jitter could retry a dead server at once.
  return Math.round(policy.jitter ? capped / 2 + random() * (capped / 2) : capped);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What one bench run uses: `--quick` (under 2 minutes) or the full run. */
export interface BenchSettings {
  quick: boolean;
  /** Sender → receiver pairs of the P2P scenarios (the same for NATS, the chat nodes and Socket.IO). */
  pairs: number;
  /** Content bytes of one message. */
  size: number;
  /** Messages each pair keeps in flight at saturation. */
  window: number;
  warmupMs: number;
  durationMs: number;
  repeats: number;
  /** Fixed offered loads for the latency figures, msgs/s in total. */
  rates: number[];
  groupMembers: number;
  groupNodes: number;
  /** Group messages in flight at once during the fanout throughput phase. */
  groupWindow: number;
  groupLatencySamples: number;
  idleConnections: number;
  /** Loopback source addresses the idle connections are spread over (127.0.0.2 …). */
  sourceAddresses: number;
  tapRate: number;
  tapSeconds: number;
}

export function benchSettings(quick: boolean): BenchSettings {
  return quick
    ? {
        quick,
        pairs: 20,
        size: 100,
        window: 4,
        warmupMs: 1000,
        durationMs: 2000,
        repeats: 1,
        rates: [1000, 5000, 20000],
        groupMembers: 1000,
        groupNodes: 3,
        groupWindow: 16,
        groupLatencySamples: 15,
        idleConnections: 2000,
        sourceAddresses: 4,
        tapRate: 5000,
        tapSeconds: 3,
      }
    : {
        quick,
        pairs: 100,
        size: 100,
        window: 4,
        warmupMs: 3000,
        durationMs: 8000,
        repeats: 3,
        rates: [1000, 5000, 20000],
        groupMembers: 1000,
        groupNodes: 3,
        groupWindow: 32,
        groupLatencySamples: 100,
        idleConnections: 20000,
        sourceAddresses: 4,
        tapRate: 20000,
        tapSeconds: 10,
      };
}

export interface ScenarioResult {
  name: string;
  status?: 'ok' | 'failed';
  reason?: string;
  throughput_msgs_per_s: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  p999_ms: number | null;
  [extra: string]: unknown;
}

/** Prints progress lines on stderr so stdout keeps the table. */
export function say(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

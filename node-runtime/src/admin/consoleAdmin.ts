/**
 * The whole admin API over one ConsoleHost: the core AdminService (cluster view, presence, sandbox,
 * settings) plus the Traffic, Test lab and Failover features, merged into the handlers the one
 * dispatcher calls and the events the transports forward.
 */
import { dirname } from 'node:path';
import { CORE_EVENTS, CORE_METHODS, FAILOVER_EVENTS, LAB_EVENTS, TRAFFIC_EVENTS, type AdminEventName, type AdminEvents } from '../../contract/index.js';
import type { AdminHandlers } from './adminDispatcher.js';
import { AdminError } from './adminErrors.js';
import type { AdminFeature } from './adminFeature.js';
import { AdminService, type AdminServiceOptions } from './adminService.js';
import type { ConsoleHost } from './consoleHost.js';
import { FailoverFeature } from './failover/failoverFeature.js';
import { LabFeature } from './lab/labFeature.js';
import { TrafficFeature } from './traffic/trafficFeature.js';
import { silentLogger } from '../common/logger.js';

export interface ConsoleAdmin {
  readonly service: AdminService;
  readonly traffic: TrafficFeature;
  readonly lab: LabFeature;
  readonly failover: FailoverFeature;
  readonly handlers: AdminHandlers;
  on<E extends AdminEventName>(event: E, listener: (payload: AdminEvents[E]) => void): () => void;
  /** Stops the features (lab clients, taps, scenarios) and the event feeds; the host is stopped by its owner. */
  close(): Promise<void>;
}

export function createConsoleAdmin(host: ConsoleHost, options: AdminServiceOptions = {}): ConsoleAdmin {
  const service = new AdminService(host, options);
  const context = { host, readOnly: options.readOnly ?? false, logger: options.logger ?? silentLogger, now: options.now ?? Date.now };
  const traffic = new TrafficFeature(context);
  const lab = new LabFeature(context);
  // Scenarios and reports live next to the saved settings (the console's config folder).
  const failover = new FailoverFeature(context, { lab, traffic, configDir: options.settings ? dirname(options.settings.file) : null });
  type AnyFeature = AdminFeature<unknown, Record<string, unknown>>;
  const features = [traffic, lab, failover] as AnyFeature[];
  const ownerOf = new Map<string, AnyFeature>();
  for (const event of TRAFFIC_EVENTS) ownerOf.set(event, traffic as AnyFeature);
  for (const event of LAB_EVENTS) ownerOf.set(event, lab as AnyFeature);
  for (const event of FAILOVER_EVENTS) ownerOf.set(event, failover as AnyFeature);

  const core = Object.fromEntries(CORE_METHODS.map((method) => [method, (arg: never) => (service[method] as (value: never) => Promise<unknown>).call(service, arg)]));
  const handlers = { ...core, ...traffic.handlers, ...lab.handlers, ...failover.handlers } as AdminHandlers;

  return {
    service,
    traffic,
    lab,
    failover,
    handlers,
    on(event, listener) {
      if ((CORE_EVENTS as readonly string[]).includes(event)) return service.on(event as (typeof CORE_EVENTS)[number], listener as never);
      const owner = ownerOf.get(event);
      if (owner) return owner.on(event, listener as never);
      throw new AdminError('UNKNOWN_METHOD', `unknown admin event "${String(event)}"`);
    },
    async close() {
      await Promise.allSettled([...features].reverse().map((feature) => feature.close()));
      service.close();
    },
  };
}

/**
 * The agent's local state and its sync to the catalog, merged into one store: services upsert by
 * ID (checks of the same ID carry over status and output, others survive unless
 * replace-existing-checks), deregistration takes every check along, maintenance adds a critical
 * `_service_maintenance:<id>` check, check updates are idempotent, status changes reach the
 * catalog at once and output-only changes after check_update_interval, and services critical
 * longer than their DeregisterCriticalServiceAfter (clamped to the minimum) are reaped.
 */
import type { Clock, ConsulTiming, Timer } from './clock.js';
import { CheckRunner } from './checkRunner.js';
import { HttpError } from './router.js';
import type { ServiceDefinition } from './serviceDefinition.js';
import type { CheckRecord, CheckStatus, CheckType, ConsulState, Touched } from './state.js';

export interface AgentEnv {
  state: ConsulState;
  clock: Clock;
  timing: ConsulTiming;
  random: () => number;
  /** A check turned critical in the catalog or was removed (sessions bound to it die). */
  onCheckLost?: (checkId: string) => void;
}

const MAINTENANCE_PREFIX = '_service_maintenance:';
const DEFAULT_MAINTENANCE_NOTES = 'Maintenance mode is enabled for this service, but no reason was provided. This is a default message.';
const OUTPUT_MAX = 4096;

export function unknownServiceError(id: string): HttpError {
  return new HttpError(404, `Unknown service ID ${JSON.stringify(id)}. Ensure that the service ID is passed, not the service name.`);
}

/** The node-level serfHealth check lives in the catalog, not in the agent's local checks. */
export function isAgentCheck(check: CheckRecord): boolean {
  return check.id !== 'serfHealth';
}

export class Agent {
  readonly runner: CheckRunner;
  private readonly deferred = new Map<string, Timer>();

  constructor(private readonly env: AgentEnv) {
    this.runner = new CheckRunner(env, {
      report: (checkId, status, output) => this.updateCheck(checkId, status, output),
      reap: () => this.reap(),
    });
    this.runner.startReaper();
  }

  private get state(): ConsulState {
    return this.env.state;
  }

  registerService(def: ServiceDefinition, replaceExistingChecks: boolean): void {
    const now = this.env.clock.now();
    const started: CheckRecord[] = [];
    const removed: string[] = [];
    this.state.write((index) => {
      const { services, checks } = this.state.mutable;
      const existing = services.get(def.id);
      services.set(def.id, {
        id: def.id, name: def.name, tags: def.tags, address: def.address, port: def.port, meta: def.meta,
        taggedAddresses: def.taggedAddresses, weights: def.weights, enableTagOverride: def.enableTagOverride,
        builtIn: false, createIndex: existing?.createIndex ?? index, modifyIndex: index,
      });
      const ids = new Set(def.checks.map((check) => check.checkId));
      for (const check of def.checks) {
        const previous = checks.get(check.checkId);
        const type: CheckType = check.ttlMs !== undefined && check.ttlMs > 0 ? 'ttl' : check.tcp ? 'tcp' : check.http ? 'http' : '';
        const status = previous ? previous.status : ((check.status || 'critical') as CheckStatus);
        const output = previous ? previous.output : '';
        const deregisterAfterMs = check.deregisterAfterMs !== undefined && check.deregisterAfterMs > 0
          ? Math.max(check.deregisterAfterMs, this.env.timing.deregisterMinimumMs) : undefined;
        const record: CheckRecord = {
          id: check.checkId, name: check.name, notes: check.notes, serviceId: def.id, serviceName: def.name, type,
          definition: {
            ttlMs: check.ttlMs, intervalMs: check.intervalMs, timeoutMs: check.timeoutMs, tcp: check.tcp || undefined,
            http: check.http || undefined, method: check.method || undefined, header: check.header, body: check.body || undefined,
            deregisterAfterMs, deregisterAfterRaw: check.deregisterAfterRaw || undefined,
          },
          status, output, synced: { status, output },
          criticalSince: status === 'critical' ? now : undefined,
          createIndex: previous?.createIndex ?? index, modifyIndex: index,
        };
        checks.set(record.id, record);
        this.cancelDeferred(record.id);
        started.push(record);
      }
      if (replaceExistingChecks) {
        for (const check of [...checks.values()]) {
          if (check.serviceId === def.id && !ids.has(check.id) && !check.id.startsWith(MAINTENANCE_PREFIX)) {
            checks.delete(check.id);
            removed.push(check.id);
          }
        }
      }
      const touched: Touched = { tables: ['services', 'checks'], services: [def.name] };
      if (existing && existing.name !== def.name) {
        for (const check of checks.values()) if (check.serviceId === def.id) check.serviceName = def.name;
        if (this.instancesOf(existing.name) === 0) touched.extinct = [existing.name];
        else touched.services?.push(existing.name);
      }
      return touched;
    });
    for (const id of removed) this.forgetCheck(id);
    for (const check of started) this.runner.start(check);
    for (const id of removed) this.env.onCheckLost?.(id);
  }

  /** False when no such (agent) service exists. */
  deregisterService(id: string): boolean {
    const service = this.state.services.get(id);
    if (!service || service.builtIn) return false;
    const removed: string[] = [];
    this.state.write(() => {
      const { services, checks } = this.state.mutable;
      services.delete(id);
      for (const check of [...checks.values()]) {
        if (check.serviceId === id) {
          checks.delete(check.id);
          removed.push(check.id);
        }
      }
      const extinct = this.instancesOf(service.name) === 0;
      return { tables: ['services', 'checks'], services: extinct ? [] : [service.name], extinct: extinct ? [service.name] : [] };
    });
    for (const checkId of removed) this.forgetCheck(checkId);
    for (const checkId of removed) this.env.onCheckLost?.(checkId);
    return true;
  }

  setMaintenance(id: string, enable: boolean, reason: string): void {
    const service = this.state.services.get(id);
    if (!service || service.builtIn) throw unknownServiceError(id);
    const checkId = `${MAINTENANCE_PREFIX}${id}`;
    const existing = this.state.checks.get(checkId);
    if (enable && !existing) {
      this.state.write((index) => {
        this.state.mutable.checks.set(checkId, {
          id: checkId, name: 'Service Maintenance Mode', notes: reason || DEFAULT_MAINTENANCE_NOTES, serviceId: id,
          serviceName: service.name, type: 'maintenance', definition: {}, status: 'critical', output: '',
          synced: { status: 'critical', output: '' }, criticalSince: this.env.clock.now(), createIndex: index, modifyIndex: index,
        });
        return { tables: ['checks'], services: [service.name] };
      });
    } else if (!enable && existing) {
      this.state.write(() => {
        this.state.mutable.checks.delete(checkId);
        return { tables: ['checks'], services: [service.name] };
      });
    }
  }

  /** PUT /agent/check/{pass,warn,fail,update}/:id. */
  updateTtlCheck(checkId: string, status: CheckStatus, output: string): void {
    const check = this.state.checks.get(checkId);
    if (!check || !isAgentCheck(check)) {
      throw new HttpError(404, `Unknown check ID ${JSON.stringify(checkId)}. Ensure that the check ID is passed, not the check name.`);
    }
    if (check.type !== 'ttl') throw new HttpError(500, `CheckID ${JSON.stringify(checkId)} does not have associated TTL`);
    const bytes = Buffer.byteLength(output);
    const kept = bytes > OUTPUT_MAX ? `${Buffer.from(output).subarray(0, OUTPUT_MAX).toString()} ... (captured ${OUTPUT_MAX} of ${bytes} bytes)` : output;
    this.runner.ttlUpdated(checkId, kept);
    this.updateCheck(checkId, status, kept);
  }

  /** The agent's UpdateCheck: idempotent, status changes synced now, output-only changes deferred. */
  updateCheck(checkId: string, status: CheckStatus, output: string): void {
    const check = this.state.mutable.checks.get(checkId);
    if (!check) return;
    if (status === 'critical') check.criticalSince ??= this.env.clock.now();
    else check.criticalSince = undefined;
    if (check.status === status && check.output === output) return;
    const interval = this.env.timing.checkUpdateIntervalMs;
    if (interval > 0 && check.status === status) {
      check.output = output;
      if (!this.deferred.has(checkId)) {
        const delay = interval / 2 + this.env.random() * interval;
        this.deferred.set(checkId, this.env.clock.schedule(delay, () => {
          this.deferred.delete(checkId);
          this.syncCheck(checkId);
        }));
      }
      return;
    }
    check.status = status;
    check.output = output;
    this.syncCheck(checkId);
  }

  /** The node's serfHealth (a node check: its changes touch every service on the node). */
  setNodeHealth(status: CheckStatus, output: string): void {
    const check = this.state.mutable.checks.get('serfHealth');
    if (!check) return;
    check.status = status;
    check.output = output;
    this.syncCheck('serfHealth');
  }

  /** After a snapshot restore: timers follow the restored checks. */
  rearm(): void {
    this.runner.stopAll();
    for (const timer of this.deferred.values()) timer.cancel();
    this.deferred.clear();
    for (const check of this.state.checks.values()) this.runner.start(check);
  }

  shutdown(): void {
    this.runner.shutdown();
    for (const timer of this.deferred.values()) timer.cancel();
    this.deferred.clear();
  }

  private syncCheck(checkId: string): void {
    this.cancelDeferred(checkId);
    const written = this.state.write((index) => {
      const check = this.state.mutable.checks.get(checkId);
      if (!check || (check.synced.status === check.status && check.synced.output === check.output)) return null;
      check.synced = { status: check.status, output: check.output };
      check.modifyIndex = index;
      const services = check.serviceId
        ? [check.serviceName]
        : [...this.state.services.values()].map((service) => service.name);
      return { tables: ['checks'], services };
    });
    if (written !== null && this.state.checks.get(checkId)?.synced.status === 'critical') this.env.onCheckLost?.(checkId);
  }

  private reap(): void {
    const now = this.env.clock.now();
    for (const check of [...this.state.checks.values()]) {
      const after = check.definition.deregisterAfterMs;
      if (after === undefined || check.criticalSince === undefined || !check.serviceId) continue;
      if (now - check.criticalSince > after) this.deregisterService(check.serviceId);
    }
  }

  private instancesOf(name: string): number {
    return [...this.state.services.values()].filter((service) => service.name === name).length;
  }

  private forgetCheck(checkId: string): void {
    this.runner.stop(checkId);
    this.cancelDeferred(checkId);
  }

  private cancelDeferred(checkId: string): void {
    this.deferred.get(checkId)?.cancel();
    this.deferred.delete(checkId);
  }
}

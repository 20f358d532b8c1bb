/** An in-memory ConsoleClient: scripted answers per method, recorded calls, events pushed by the test. */
import type { AdminEventName, AdminEvents, AdminMethodName, AdminMethods } from '../../node-runtime/contract/index.js';
import { AdminCallError, type ConsoleClient, type EventsStatus } from '../src/transport/index.js';

type Handler<M extends AdminMethodName> = (arg: AdminMethods[M][0]) => AdminMethods[M][1] | Promise<AdminMethods[M][1]>;
type Handlers = { [M in AdminMethodName]?: Handler<M> };

export class FakeClient implements ConsoleClient {
  readonly transport = 'http' as const;
  readonly calls: { method: AdminMethodName; arg: unknown }[] = [];
  private readonly handlers: Handlers = {};
  private readonly listeners = new Map<AdminEventName, Set<(payload: never) => void>>();
  private readonly statusListeners = new Set<(status: EventsStatus) => void>();
  private status: EventsStatus = { transport: 'http', state: 'open', attempt: 0, retryInMs: null };

  answer<M extends AdminMethodName>(method: M, handler: Handler<M>): this {
    (this.handlers as Record<string, unknown>)[method] = handler;
    return this;
  }

  fail(method: AdminMethodName, code: AdminCallError['code'], message: string): this {
    (this.handlers as Record<string, unknown>)[method] = () => {
      throw new AdminCallError(code, message);
    };
    return this;
  }

  callsOf(method: AdminMethodName): unknown[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.arg);
  }

  async call<M extends AdminMethodName>(method: M, arg: AdminMethods[M][0]): Promise<AdminMethods[M][1]> {
    this.calls.push({ method, arg });
    const handler = this.handlers[method] as Handler<M> | undefined;
    if (handler === undefined) throw new AdminCallError('NOT_AVAILABLE', `FakeClient has no answer for ${method}`);
    return handler(arg);
  }

  on<E extends AdminEventName>(event: E, listener: (payload: AdminEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends AdminEventName>(event: E, payload: AdminEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (payload: AdminEvents[E]) => void)(payload);
  }

  listenerCount(event: AdminEventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  eventsStatus(): EventsStatus {
    return this.status;
  }

  onEventsStatus(listener: (status: EventsStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  setStatus(change: Partial<EventsStatus>): void {
    this.status = { ...this.status, ...change };
    for (const listener of this.statusListeners) listener(this.status);
  }
}

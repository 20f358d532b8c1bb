/** A ConsoleBackend that records calls and lets a test push events or make calls fail. */
import type { AdminEventName } from '../../node-runtime/contract/index.js';
import type { ConsoleBackend } from '../main/backend.js';

export class FakeBackend implements ConsoleBackend {
  readonly calls: { method: string; arg: unknown }[] = [];
  readonly listeners = new Map<AdminEventName, Set<(payload: unknown) => void>>();
  stopCalls = 0;
  /** Replace to change what dispatch does. */
  answer: (method: string, arg: unknown) => Promise<unknown> = (method) => Promise.resolve({ answered: method });
  /** Replace to make stop slow or failing. */
  stopImpl: () => Promise<void> = () => Promise.resolve();

  dispatch(method: string, arg: unknown): Promise<unknown> {
    this.calls.push({ method, arg });
    return this.answer(method, arg);
  }

  on(event: AdminEventName, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  emit(event: AdminEventName, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }

  stop(): Promise<void> {
    this.stopCalls += 1;
    return this.stopImpl();
  }
}

/** A tiny typed listener set: add returns its own removal; emit isolates throwing listeners. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  get size(): number {
    return this.set.size;
  }

  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.set]) {
      try {
        listener(value);
      } catch (error) {
        // A broken view must not stop the others; surface it asynchronously like an uncaught error.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

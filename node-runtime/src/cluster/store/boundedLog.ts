/**
 * An append-only list that keeps only its newest `capacity` items: a ring buffer, so
 * appending stays O(1) however long the node runs.
 */
export class BoundedLog<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(private readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  filter(keep: (item: T) => boolean): T[] {
    return this.toArray().filter(keep);
  }

  /** The newest `count` items, oldest first. */
  tail(count: number): T[] {
    const all = this.toArray();
    return all.slice(Math.max(0, all.length - count));
  }

  /** Up to `limit` items that pass `keep`, newest first, without copying the whole log. */
  newestFirst(keep: (item: T) => boolean, limit: number): T[] {
    const found: T[] = [];
    for (let i = this.items.length - 1; i >= 0 && found.length < limit; i--) {
      const item = this.items[(this.start + i) % this.items.length] as T;
      if (keep(item)) found.push(item);
    }
    return found;
  }
}

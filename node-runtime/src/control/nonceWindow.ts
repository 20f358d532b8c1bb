/**
 * Replay protection: nonces seen within the freshness window. A command older than the window is
 * refused as stale anyway, so a nonce only has to be remembered for that long; the set is pruned
 * on every check and capped, so a flood of signed commands cannot grow it without bound.
 */
export class NonceWindow {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** 'new' the first time a nonce is seen (and remembers it); 'replayed' after; 'full' while the window holds maxEntries. */
  accept(nonce: string, now: number): 'new' | 'replayed' | 'full' {
    for (const [old, at] of this.seen) {
      if (at > now - 2 * this.windowMs) break;
      this.seen.delete(old);
    }
    if (this.seen.has(nonce)) return 'replayed';
    // Forgetting a live nonce would open a replay: refuse instead until old ones age out.
    if (this.seen.size >= this.maxEntries) return 'full';
    this.seen.set(nonce, now);
    return 'new';
  }
}

/**
 * Holds a connection's pushes while it logs in, so the login reply (105) and the replay of
 * what the user missed go out first, in order. Pushes that arrive meanwhile are sent after
 * the replay, minus any P2P message the replay already contained.
 */
export class ReplayGate {
  private held: { seq: number | null; frame: Buffer }[] | null = null;

  get active(): boolean {
    return this.held !== null;
  }

  begin(): void {
    this.held = [];
  }

  /** Returns true when the frame was held (the caller must not send it now). `seq` is a P2P mailbox seq, if any. */
  hold(seq: number | null, frame: Buffer): boolean {
    if (!this.held) return false;
    this.held.push({ seq, frame });
    return true;
  }

  /** Ends holding; returns the held frames, in arrival order, without the P2P seqs the replay sent. */
  end(replayedSeqs: ReadonlySet<number>): Buffer[] {
    const held = this.held ?? [];
    this.held = null;
    return held.filter((item) => item.seq === null || !replayedSeqs.has(item.seq)).map((item) => item.frame);
  }
}

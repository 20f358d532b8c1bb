/** What the router needs from this node's connections; the server's SessionRegistry provides it. */
import type { ReplayGate } from '../server/replayGate.js';

export interface PushTarget {
  readonly extended: boolean;
  readonly replay: ReplayGate;
  sendEncoded(frame: Buffer): boolean;
}

export interface LocalSessions {
  connectionsOf(userId: number): ReadonlySet<PushTarget> | undefined;
}

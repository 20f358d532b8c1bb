/**
 * Requests waiting for their reply on one connection, in the order they were written.
 *
 * chat-zinx replies carry no request id, so a reply is matched by its message id to the oldest
 * waiter for that id (the server answers one connection's requests in order), or, when the reply
 * echoes a `client_msg_id`, to the waiter with that key. Because replies come in request order,
 * a reply to request N also tells us that everything sent before N that is still unanswered never
 * will be (chat-zinx drops some requests silently): those are rejected at once when marked strict,
 * and any timed-out leftovers are forgotten.
 */
import type { Frame } from '../protocol/frame.js';
import { NoReplyError, RequestTimeoutError } from './clientErrors.js';

export interface PendingRequestOptions {
  /** For error messages, e.g. `LoginReq`. */
  label: string;
  responseId: number;
  /** The `client_msg_id` the reply will echo, if any. */
  key?: string;
  timeoutMs: number;
  /** Reject with NoReplyError when a request written later is answered first. */
  strictOrder: boolean;
}

interface Entry {
  readonly order: number;
  readonly options: PendingRequestOptions;
  /** A timed-out entry stays, so its late reply is swallowed instead of answering the next waiter. */
  abandoned: boolean;
  timer: NodeJS.Timeout | undefined;
  resolve(frame: Frame): void;
  reject(error: Error): void;
}

export class PendingRequests {
  private entries: Entry[] = [];
  private nextOrder = 1;

  /** Registers a waiter; call it right before writing the request so the order matches the wire. */
  add(options: PendingRequestOptions): Promise<Frame> {
    return new Promise<Frame>((resolve, reject) => {
      const entry: Entry = { order: this.nextOrder++, options, abandoned: false, timer: undefined, resolve, reject };
      entry.timer = setTimeout(() => {
        entry.abandoned = true;
        entry.timer = undefined;
        reject(new RequestTimeoutError(options.label, options.timeoutMs));
      }, options.timeoutMs);
      this.entries.push(entry);
    });
  }

  /**
   * Hands `frame` to its waiter. Returns false when nobody waits for it (an unsolicited frame).
   * `key` is the `client_msg_id` the reply echoed, if any.
   */
  settle(frame: Frame, key?: string): boolean {
    const candidates = this.entries.filter((e) => e.options.responseId === frame.id);
    const match =
      key !== undefined
        ? candidates.find((e) => e.options.key === key)
        : candidates[0];
    if (!match) return false;
    this.forgetEarlierThan(match);
    this.entries = this.entries.filter((e) => e !== match);
    if (!match.abandoned) {
      clearTimeout(match.timer);
      match.resolve(frame);
    }
    return true;
  }

  /** Whether a waiter (live or timed out) exists for this reply id. */
  has(responseId: number): boolean {
    return this.entries.some((e) => e.options.responseId === responseId);
  }

  rejectAll(error: Error): void {
    const entries = this.entries;
    this.entries = [];
    for (const entry of entries) {
      clearTimeout(entry.timer);
      if (!entry.abandoned) entry.reject(error);
    }
  }

  /** Live (not timed-out) waiters. */
  get size(): number {
    return this.entries.filter((e) => !e.abandoned).length;
  }

  private forgetEarlierThan(match: Entry): void {
    this.entries = this.entries.filter((entry) => {
      if (entry.order >= match.order) return true;
      if (entry.abandoned) return false;
      if (!entry.options.strictOrder) return true;
      clearTimeout(entry.timer);
      entry.reject(new NoReplyError(entry.options.label));
      return false;
    });
  }
}

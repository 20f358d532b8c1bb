/** Errors only the Redis chat store raises (conflicts and not-found use storeErrors.ts). */
import { ChatError } from '../../common/errors.js';

/** A uuid collision (practically impossible with random uuids): the user is not created. */
export class UuidTakenError extends ChatError {
  override readonly name = 'UuidTakenError';
  constructor() {
    super('STORE_CONFLICT', 'uuid already exists');
  }
}

/**
 * Redis refused a script whose keys span hash slots, before running it: the server runs in cluster
 * mode although it was reached through a single-server URL. The batch scripts then fall back.
 */
export function isCrossSlotError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('CROSSSLOT');
}

/** A creation lost its claims to a takeover because it stalled past claimStaleMs. */
export class CreationAbandonedError extends ChatError {
  override readonly name = 'CreationAbandonedError';
  constructor(what: string) {
    super('STORE_ABORTED', `${what} creation stalled and was abandoned; try again`);
  }
}

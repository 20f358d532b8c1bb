/** Errors only the Redis chat store raises (conflicts and not-found use storeErrors.ts). */
import { ChatError } from '../../common/errors.js';

/** A uuid collision (practically impossible with random uuids): the user is not created. */
export class UuidTakenError extends ChatError {
  override readonly name = 'UuidTakenError';
  constructor() {
    super('STORE_CONFLICT', 'uuid already exists');
  }
}

/** A creation lost its claims to a takeover because it stalled past claimStaleMs. */
export class CreationAbandonedError extends ChatError {
  override readonly name = 'CreationAbandonedError';
  constructor(what: string) {
    super('STORE_ABORTED', `${what} creation stalled and was abandoned; try again`);
  }
}

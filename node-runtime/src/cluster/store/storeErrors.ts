import { ChatError } from '../../common/errors.js';

/** A unique value is taken (username, email, group name) or a row already exists (member). */
export class StoreConflictError extends ChatError {
  override readonly name = 'StoreConflictError';
  constructor(readonly what: 'username' | 'email' | 'group_name' | 'member') {
    super('STORE_CONFLICT', `${what} already exists`);
  }
}

export class NotFoundError extends ChatError {
  override readonly name = 'NotFoundError';
  constructor(readonly what: 'user' | 'group' | 'member') {
    super('NOT_FOUND', `${what} not found`);
  }
}

/**
 * Register and log in by username (chat-zinx §4.2–4.3). The service returns reasons; the
 * handlers turn them into chat-zinx's codes and texts.
 */
import { randomUUID } from 'node:crypto';
import type { ChatStore } from '../cluster/store/chatStore.js';
import type { UserRecord } from '../cluster/store/records.js';
import { StoreConflictError } from '../cluster/store/storeErrors.js';
import type { PasswordHasher } from './passwordHasher.js';
import type { LoginThrottle } from './loginThrottle.js';

/** chat-zinx's MySQL column sizes; longer values failed there with a DB error, and do here with a clear one. */
export const MAX_USERNAME_CHARS = 50;
export const MAX_EMAIL_CHARS = 100;

export type RegisterResult =
  | { ok: true; user: UserRecord }
  | { ok: false; reason: 'empty_credentials' | 'empty_email' | 'username_taken' | 'invalid' ; detail: string };

export type LoginResult =
  | { ok: true; user: UserRecord; previousLogin: number }
  | { ok: false; reason: 'empty_credentials' | 'wrong_password' | 'unknown_user' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

export class AccountService {
  /** Compared against when the username is unknown, so both failures take the same time. */
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: ChatStore,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly now: () => number = Date.now,
  ) {}

  async register(input: { username: string; password: string; email: string }): Promise<RegisterResult> {
    if (input.username === '' || input.password === '') return { ok: false, reason: 'empty_credentials', detail: '' };
    if (input.email === '') return { ok: false, reason: 'empty_email', detail: '' };
    if ([...input.username].length > MAX_USERNAME_CHARS) {
      return { ok: false, reason: 'invalid', detail: `username longer than ${MAX_USERNAME_CHARS} characters` };
    }
    if ([...input.email].length > MAX_EMAIL_CHARS) {
      return { ok: false, reason: 'invalid', detail: `email longer than ${MAX_EMAIL_CHARS} characters` };
    }
    // Cheap pre-check so a taken name does not cost a hash; the store's own check stays authoritative.
    if (await this.store.getUserByUsername(input.username)) {
      return { ok: false, reason: 'username_taken', detail: 'username already exists' };
    }
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const user = await this.store.createUser({
        uuid: randomUUID(),
        username: input.username,
        email: input.email,
        avatar: '',
        passwordHash,
        createdAt: this.now(),
      });
      return { ok: true, user };
    } catch (error) {
      if (error instanceof StoreConflictError && error.what === 'username') {
        return { ok: false, reason: 'username_taken', detail: 'username already exists' };
      }
      if (error instanceof StoreConflictError && error.what === 'email') {
        return { ok: false, reason: 'invalid', detail: 'email already exists' };
      }
      throw error;
    }
  }

  async login(input: { username: string; password: string }): Promise<LoginResult> {
    if (input.username === '' || input.password === '') return { ok: false, reason: 'empty_credentials' };
    const retryAfterMs = this.throttle.retryAfterMs(input.username);
    if (retryAfterMs > 0) return { ok: false, reason: 'throttled', retryAfterMs };

    const user = await this.store.getUserByUsername(input.username);
    const valid = await this.hasher.verify(input.password, user?.passwordHash ?? (await this.getDummyHash()));
    if (!user || !valid) {
      this.throttle.recordFailure(input.username);
      return { ok: false, reason: user ? 'wrong_password' : 'unknown_user' };
    }
    this.throttle.recordSuccess(input.username);
    const previousLogin = await this.store.recordLogin(user.id, this.now());
    return { ok: true, user, previousLogin };
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.hasher.hash(randomUUID());
    return this.dummyHash;
  }
}

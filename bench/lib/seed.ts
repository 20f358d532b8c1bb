/**
 * Users and groups written straight into the Redis store (through the node's own RedisChatStore,
 * so the key layout is the real one). Their passwords are scrypt hashes at a tiny cost (N=16),
 * which the node verifies at that cost (the hash names its parameters): logins then measure the
 * node, not the KDF. The default-cost figure is measured separately on a few users.
 */
import { randomUUID } from 'node:crypto';
import { PasswordHasher } from '../../node-runtime/src/chat/passwordHasher.js';
import { connectRedisChatStore, type RedisChatStore } from '../../node-runtime/src/cluster/store/redisChatStore.js';

export const PASSWORD = 'bench-pw';

export interface SeededUser {
  id: number;
  uuid: string;
  username: string;
}

export class Seeder {
  private constructor(
    readonly store: RedisChatStore,
    private readonly cheapHash: string,
  ) {}

  static async open(redisUrl: string): Promise<Seeder> {
    const store = await connectRedisChatStore({ url: redisUrl });
    const cheapHash = await new PasswordHasher({ N: 16, r: 1, p: 1 }).hash(PASSWORD);
    return new Seeder(store, cheapHash);
  }

  /** `count` users named `<prefix>-<i>`, created `concurrency` at a time. */
  async users(prefix: string, count: number, options: { defaultCost?: boolean; concurrency?: number } = {}): Promise<SeededUser[]> {
    const hash = options.defaultCost ? await new PasswordHasher().hash(PASSWORD) : this.cheapHash;
    const out: SeededUser[] = new Array(count);
    await inBatches(count, options.concurrency ?? 200, async (i) => {
      const username = `${prefix}-${i}`;
      const user = await this.store.createUser({ uuid: randomUUID(), username, email: `${username}@bench.test`, avatar: '', passwordHash: hash, createdAt: Date.now() });
      out[i] = { id: user.id, uuid: user.uuid, username };
    });
    return out;
  }

  /** A group owned by `owner` with every other user as a member. */
  async group(name: string, owner: SeededUser, members: SeededUser[]): Promise<number> {
    const group = await this.store.createGroup({ name, ownerId: owner.id, description: '', avatar: '', createdAt: Date.now() });
    const others = members.filter((member) => member.id !== owner.id);
    await inBatches(others.length, 200, (i) => this.store.addMember(group.id, others[i]!.id, 'member', Date.now()).then(() => undefined));
    return group.id;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Runs task(0..count-1) with at most `concurrency` in flight. */
export async function inBatches(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * The lab's test users: real ChatClients (TCP, extensions on, failover across the healthy nodes),
 * named `<prefix>-001`, `<prefix>-002`… and registered with the lab's password when missing (a
 * user that already exists is logged in, so a console restart reuses them). Never more than
 * MAX_LAB_USERS at once; close() closes every client.
 */
import { ChatClient } from '../../client/index.js';
import { AdminError } from '../adminErrors.js';
import type { LabNodeChoice, LabUserView } from '../../../contract/index.js';
import type { LabNodes, Placement } from './labNodes.js';

export const MAX_LAB_USERS = 200;
export const LAB_PREFIX = 'lab';
export const LAB_PASSWORD = 'lab-password';
/** Users connected at once while creating (each login hashes a password on its node). */
const PARALLEL = 8;

export interface LabUser {
  name: string;
  userId: number;
  client: ChatClient;
}

export class LabUsers {
  private readonly users: LabUser[] = [];
  private nextNumber = 1;
  private closed = false;

  constructor(
    private readonly nodes: LabNodes,
    private readonly onChange: () => void,
    private readonly prefix = LAB_PREFIX,
  ) {}

  get all(): readonly LabUser[] {
    return this.users;
  }

  find(name: string): LabUser | undefined {
    return this.users.find((user) => user.name === name);
  }

  /** Connects `count` more users as the choice says; all or nothing. */
  async create(count: number, choice: LabNodeChoice): Promise<LabUser[]> {
    if (this.closed) throw new AdminError('NOT_AVAILABLE', 'the lab is closed');
    if (this.users.length + count > MAX_LAB_USERS) {
      throw new AdminError('BAD_ARGUMENT', `createLabUsers: ${this.users.length} lab users exist; at most ${MAX_LAB_USERS} in all (close them first)`);
    }
    const placements = await this.nodes.place(choice, count);
    const first = this.nextNumber;
    this.nextNumber += count;
    const created: LabUser[] = [];
    try {
      for (let start = 0; start < count; start += PARALLEL) {
        const batch = placements.slice(start, start + PARALLEL);
        const settled = await Promise.allSettled(batch.map((placement, index) => this.connect(`${this.prefix}-${String(first + start + index).padStart(3, '0')}`, placement)));
        for (const outcome of settled) if (outcome.status === 'fulfilled') created.push(outcome.value);
        const failed = settled.find((outcome) => outcome.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
      }
    } catch (error) {
      await Promise.allSettled(created.map((user) => user.client.close()));
      this.nextNumber = first;
      throw error instanceof AdminError ? error : new AdminError('NOT_AVAILABLE', `could not connect lab users: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.users.push(...created);
    this.onChange();
    return created;
  }

  views(nodeOf: (server: string | null) => string | null): LabUserView[] {
    return this.users.map((user) => ({
      username: user.name,
      userId: user.userId,
      nodeId: nodeOf(user.client.currentServer),
      server: user.client.currentServer,
      state: user.client.state,
    }));
  }

  /** Closes every client; the lab can create users again afterwards (numbering restarts). */
  async closeAll(): Promise<void> {
    const users = this.users.splice(0);
    this.nextNumber = 1;
    await Promise.allSettled(users.map((user) => user.client.close()));
    if (users.length > 0) this.onChange();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.closeAll();
  }

  private async connect(name: string, placement: Placement): Promise<LabUser> {
    const client = new ChatClient({
      servers: placement.servers,
      reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
      requestTimeoutMs: 10_000,
      heartbeatMs: 5000,
      clientName: 'chat-zinx-console-lab/0.1.0',
    });
    // Drops and re-logins are shown (users event); a background error must never crash the console.
    client.on('error', () => {});
    client.on('connected', this.onChange);
    client.on('disconnected', this.onChange);
    try {
      await client.connect();
      const registered = await client.register({ username: name, password: LAB_PASSWORD, email: `${name}@lab.invalid` });
      if (registered.code !== 0 && !/exist|taken/i.test(registered.msg)) throw new Error(`register ${name}: ${registered.msg}`);
      const login = await client.login({ username: name, password: LAB_PASSWORD });
      if (login.code !== 0 || !login.data) throw new Error(`log in ${name}: ${login.msg} (does a user of that name exist with another password?)`);
      return { name, userId: login.data.id, client };
    } catch (error) {
      await client.close().catch(() => {});
      throw error;
    }
  }
}

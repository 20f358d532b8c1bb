/**
 * `npm run bench:p2p`: P2P messages per second through one node, against a floor measured in
 * the same run: a bare TCP relay that parses the same frames and forwards them with no JSON,
 * storage or routing. Each server runs in its own process (one core), the load generator in this one.
 * Options: --pairs N (default 20), --messages N per sender (default 5000), --size BYTES (default 100).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({ options: { pairs: { type: 'string', default: '20' }, messages: { type: 'string', default: '5000' }, size: { type: 'string', default: '100' } } });
const PAIRS = Number(values.pairs);
const MESSAGES = Number(values.messages);
const SIZE = Number(values.size);
const root = fileURLToPath(new URL('../', import.meta.url));

function frame(id: number, body: string | Buffer): Buffer {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const header = Buffer.alloc(8);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(id, 4);
  return Buffer.concat([header, payload]);
}

/** Counts whole frames of one id arriving on a socket. */
function countFrames(socket: net.Socket, id: number, onFrame: () => void): void {
  let buffer: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    let offset = 0;
    while (buffer.length - offset >= 8) {
      const length = buffer.readUInt32LE(offset);
      if (buffer.length - offset < 8 + length) break;
      if (buffer.readUInt32LE(offset + 4) === id) onFrame();
      offset += 8 + length;
    }
    buffer = buffer.subarray(offset);
  });
}

async function startProcess(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /port=(\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${seen}`)));
  });
  return { child, port };
}

async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
  await once(socket, 'connect');
  return socket;
}

/** Sends `MESSAGES` frames per sender in write batches, and waits until every receiver has them all. */
async function drive(senders: net.Socket[], receivers: net.Socket[], frameFor: (pair: number, i: number) => Buffer, pushId: number): Promise<number> {
  let delivered = 0;
  const total = PAIRS * MESSAGES;
  const done = new Promise<void>((resolve) => {
    for (const receiver of receivers) countFrames(receiver, pushId, () => ++delivered === total && resolve());
  });
  const started = process.hrtime.bigint();
  await Promise.all(
    senders.map(async (sender, pair) => {
      for (let i = 0; i < MESSAGES; i += 100) {
        const batch = Buffer.concat(Array.from({ length: Math.min(100, MESSAGES - i) }, (_, k) => frameFor(pair, i + k)));
        if (!sender.write(batch)) await once(sender, 'drain');
      }
    }),
  );
  await done;
  return total / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function benchNode(): Promise<number> {
  const { child, port } = await startProcess(['node-runtime/cli/nodeMain.ts', '--port', '0', '--max-conns', '10000']);
  try {
    const login = async (name: string) => {
      const socket = await connect(port);
      const replies: number[] = [];
      countFrames(socket, 105, () => replies.push(1));
      socket.write(frame(102, JSON.stringify({ username: name, password: 'pw', email: `${name}@b.test` })));
      socket.write(frame(104, JSON.stringify({ username: name, password: 'pw' })));
      while (replies.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      return socket;
    };
    const senders: net.Socket[] = [];
    const receivers: net.Socket[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      senders.push(await login(`s${pair}`));
      receivers.push(await login(`r${pair}`));
    }
    const content = 'x'.repeat(SIZE);
    const bodies = Array.from({ length: PAIRS }, (_, pair) => frame(208, JSON.stringify({ to_user_id: `r${pair}`, content })));
    const rate = await drive(senders, receivers, (pair) => bodies[pair]!, 208);
    for (const socket of [...senders, ...receivers]) socket.destroy();
    return rate;
  } finally {
    child.kill('SIGTERM');
  }
}

async function benchRelayFloor(): Promise<number> {
  const { child, port } = await startProcess(['bench/tcpRelay.ts']);
  try {
    const senders: net.Socket[] = [];
    const receivers: net.Socket[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      const receiver = await connect(port);
      receiver.write(frame(1, `recv:${pair}`));
      receivers.push(receiver);
      const sender = await connect(port);
      sender.write(frame(1, `send:${pair}`));
      senders.push(sender);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const body = frame(208, JSON.stringify({ to_user_id: 'r', content: 'x'.repeat(SIZE) }));
    const rate = await drive(senders, receivers, () => body, 208);
    for (const socket of [...senders, ...receivers]) socket.destroy();
    return rate;
  } finally {
    child.kill('SIGTERM');
  }
}

const floor = await benchRelayFloor();
const nodeRate = await benchNode();
const table = [
  ['scenario', 'msgs/s'],
  ['tcp-relay-floor (frames forwarded, no JSON/store)', floor.toFixed(0)],
  ['chat node, legacy P2P (JSON decode, store, route, encode)', nodeRate.toFixed(0)],
  ['node / floor', (nodeRate / floor).toFixed(2)],
];
console.log(`pairs=${PAIRS} messages/sender=${MESSAGES} content=${SIZE} B`);
for (const [name, value] of table) console.log(`${name!.padEnd(60)} ${value}`);

/**
 * The floor for bench/p2pThroughput.ts: a TCP server that reads the same 8-byte frames and
 * forwards each whole frame to the paired receiver, with no JSON, storage or routing.
 * A client names itself with a first frame `recv:<n>` or `send:<n>`.
 */
import net from 'node:net';

const receivers = new Map<string, net.Socket>();
const server = net.createServer({ noDelay: true }, (socket) => {
  let buffer: Buffer = Buffer.alloc(0);
  let target: net.Socket | undefined;
  let role: string | undefined;
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    let offset = 0;
    while (buffer.length - offset >= 8) {
      const length = buffer.readUInt32LE(offset);
      if (buffer.length - offset < 8 + length) break;
      const whole = buffer.subarray(offset, offset + 8 + length);
      if (!role) {
        role = whole.subarray(8).toString();
        const [kind, pair] = role.split(':');
        if (kind === 'recv') receivers.set(pair!, socket);
        else target = receivers.get(pair!);
      } else target?.write(whole);
      offset += 8 + length;
    }
    buffer = buffer.subarray(offset);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening port=${(server.address() as net.AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));

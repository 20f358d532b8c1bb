/**
 * The peer for p2p-cross-node: a Socket.IO 4 server joined to the others by @socket.io/redis-adapter
 * (Redis pub/sub). A client names itself in the handshake (`auth.user`) and joins room `u:<user>`;
 * `msg` (to, content, ack) is emitted to room `u:<to>` — on whichever server that user is — and
 * acknowledged once handed to the adapter. Nothing is stored: this is the usual Socket.IO setup.
 * Usage: tsx bench/socketioServer.ts <redis-url>; prints `listening port=N`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const redisUrl = process.argv[2] ?? 'redis://127.0.0.1:6379';
const pub = new Redis(redisUrl);
const sub = pub.duplicate();
const http = createServer();
const io = new Server(http, { adapter: createAdapter(pub, sub), transports: ['websocket'], serveClient: false });

io.on('connection', (socket) => {
  const user = String((socket.handshake.auth as { user?: unknown }).user ?? '');
  if (user !== '') void socket.join(`u:${user}`);
  socket.on('msg', (to: string, content: string, ack?: () => void) => {
    io.to(`u:${to}`).emit('msg', content);
    ack?.();
  });
});

http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening port=${(http.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  void io.close();
  pub.disconnect();
  sub.disconnect();
  process.exit(0);
});

/** The one place the client opens sockets; ChatClient takes any Dialer, so tests can pass in-memory pairs. */
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { ChatError } from '../common/errors.js';
import type { ServerAddress } from './serverAddress.js';

export type Dialer = (address: ServerAddress, timeoutMs: number) => Promise<Duplex>;

export class DialError extends ChatError {
  override readonly name = 'DialError';
  constructor(
    readonly address: ServerAddress,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('DIAL_FAILED', message, options);
  }
}

export const dialTcp: Dialer = (address, timeoutMs) =>
  new Promise<Duplex>((resolve, reject) => {
    const socket = connect({ host: address.host, port: address.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new DialError(address, `no TCP connection within ${timeoutMs} ms`));
    }, timeoutMs);
    const onError = (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const what = error.code === 'ECONNREFUSED' ? 'connection refused' : error.message;
      reject(new DialError(address, what, { cause: error }));
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      // Chat frames are small and latency-bound: do not let Nagle hold them back.
      socket.setNoDelay(true);
      resolve(socket);
    });
  });

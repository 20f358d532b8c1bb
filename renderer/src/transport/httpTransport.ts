import {
  isAdminMethod,
  isSerializedAdminError,
  type AdminEventName,
  type AdminEvents,
  type AdminMethodName,
  type AdminMethods,
} from '../../../node-runtime/contract/index.js';
import { takeAccessToken } from './accessToken.js';
import { AdminCallError } from './adminCallError.js';
import type { ConsoleClient, EventsStatus } from './consoleClient.js';
import { EventSocket, type SocketLike } from './eventSocket.js';
import { Listeners } from './listeners.js';

/**
 * Web mode: calls are `POST /api/call/<method>` with the JSON argument and a bearer token, events
 * arrive over the WebSocket `/api/events?token=…` (same origin). Everything the browser provides
 * comes in through HttpTransportEnv so tests can fake it.
 */
export interface HttpResponseLike {
  ok: boolean;
  status: number;
  statusText: string;
  text(): Promise<string>;
}

export interface HttpTransportEnv {
  /** The page URL, with `?token=` on first load. */
  href: string;
  replaceUrl(url: string): void;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  fetch(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<HttpResponseLike>;
  connectSocket(url: string): SocketLike;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const OPEN_PRINTED_URL = 'Open the URL printed by `npm run web` (it ends with ?token=…).';
export const NO_TOKEN_MESSAGE = `This page has no access token. ${OPEN_PRINTED_URL}`;
export const BAD_TOKEN_MESSAGE = `The console server refused the access token. ${OPEN_PRINTED_URL}`;

export function browserHttpEnv(): HttpTransportEnv {
  let storage: Storage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = null;
  }
  return {
    href: window.location.href,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
    storage,
    fetch: (url, init) => window.fetch(url, init),
    connectSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    setTimeout: (callback, ms) => window.setTimeout(callback, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
  };
}

export function eventsUrl(href: string, token: string): string {
  const url = new URL('/api/events', href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.toString();
}

export function createHttpTransport(env: HttpTransportEnv = browserHttpEnv()): ConsoleClient {
  const token = takeAccessToken(env);
  const origin = new URL(env.href).origin;
  const eventListeners = new Map<AdminEventName, Listeners<unknown>>();
  const statusListeners = new Listeners<EventsStatus>();
  const noTokenStatus: EventsStatus = { transport: 'http', state: 'no-token', attempt: 0, retryInMs: null };

  const socket =
    token === null
      ? null
      : new EventSocket(
          { url: eventsUrl(env.href, token), connect: env.connectSocket, setTimeout: env.setTimeout, clearTimeout: env.clearTimeout },
          (event, payload) => eventListeners.get(event)?.emit(payload),
          (status) => statusListeners.emit(status),
        );

  const listenerCount = (): number => [...eventListeners.values()].reduce((sum, set) => sum + set.size, 0);

  async function call<M extends AdminMethodName>(method: M, arg: AdminMethods[M][0]): Promise<AdminMethods[M][1]> {
    if (!isAdminMethod(method)) throw new AdminCallError('UNKNOWN_METHOD', `Unknown admin method ${String(method)}`);
    if (token === null) throw new AdminCallError('UNAUTHORIZED', NO_TOKEN_MESSAGE);
    let response: HttpResponseLike;
    try {
      response = await env.fetch(`${origin}/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(arg ?? null),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AdminCallError('NOT_AVAILABLE', `Cannot reach the console server at ${origin} (${reason}). Is \`npm run web\` still running?`);
    }
    const text = await response.text();
    if (!response.ok) {
      const error = httpError(response, text);
      // The socket is refused too (the browser only sees a failed upgrade): stop retrying it.
      if (error.status === 401) socket?.refuse();
      throw error;
    }
    if (text === '') return null as AdminMethods[M][1];
    try {
      return JSON.parse(text) as AdminMethods[M][1];
    } catch {
      throw new AdminCallError('INTERNAL', `The console server answered ${method} with something that is not JSON: ${text.slice(0, 80)}`, response.status);
    }
  }

  return {
    transport: 'http',
    call,
    on<E extends AdminEventName>(event: E, listener: (payload: AdminEvents[E]) => void): () => void {
      let set = eventListeners.get(event);
      if (set === undefined) {
        set = new Listeners<unknown>();
        eventListeners.set(event, set);
      }
      const remove = set.add(listener as (payload: unknown) => void);
      socket?.start();
      return () => {
        remove();
        if (listenerCount() === 0) socket?.stop();
      };
    },
    eventsStatus: () => socket?.status ?? noTokenStatus,
    onEventsStatus: (listener) => statusListeners.add(listener),
  };
}

function httpError(response: HttpResponseLike, text: string): AdminCallError {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (isSerializedAdminError(body)) return new AdminCallError(body.code, body.message, response.status);
  if (response.status === 401) {
    return new AdminCallError('UNAUTHORIZED', BAD_TOKEN_MESSAGE, 401);
  }
  const detail = text.trim().slice(0, 200);
  return new AdminCallError('INTERNAL', `HTTP ${response.status} ${response.statusText}${detail === '' ? '' : `: ${detail}`}`, response.status);
}

/** /v1/session/*: create, renew, destroy (writes) and info, list, node (blocking reads). */
import { serveRead, type ReadEnv } from './blocking.js';
import { HttpError, type Route } from './router.js';
import { renderSession, type Sessions } from './sessions.js';

export function sessionRoutes(env: ReadEnv, sessions: Sessions): Route[] {
  const { state } = env;
  const all = () => [...state.sessions.values()].sort((a, b) => a.createIndex - b.createIndex);
  const requireId = (id: string) => {
    if (id === '') throw new HttpError(400, 'Missing session');
    return id;
  };
  const noLeaderWrite = () => {
    if (!env.leader.known) throw new HttpError(500, 'No cluster leader');
  };
  return [
    {
      path: '/v1/session/create',
      methods: ['PUT'],
      handle: (ctx) => {
        noLeaderWrite();
        return { json: { ID: sessions.create(ctx.body) } };
      },
    },
    {
      path: '/v1/session/renew/',
      methods: ['PUT'],
      handle: (_ctx, id) => {
        noLeaderWrite();
        return { json: [renderSession(sessions.renew(requireId(id)))] };
      },
    },
    {
      path: '/v1/session/destroy/',
      methods: ['PUT'],
      handle: (_ctx, id) => {
        noLeaderWrite();
        sessions.invalidate(requireId(id));
        return { json: true };
      },
    },
    {
      path: '/v1/session/info/',
      methods: ['GET'],
      handle: (ctx, id) => {
        requireId(id);
        return serveRead(env, ctx, () => {
          const session = state.sessions.get(id);
          return { index: state.tableIndex('sessions'), json: session ? [renderSession(session)] : [] };
        });
      },
    },
    {
      path: '/v1/session/list',
      methods: ['GET'],
      handle: (ctx) => serveRead(env, ctx, () => ({ index: state.tableIndex('sessions'), json: all().map(renderSession) })),
    },
    {
      path: '/v1/session/node/',
      methods: ['GET'],
      handle: (ctx, node) =>
        serveRead(env, ctx, () => ({ index: state.tableIndex('sessions'), json: all().filter((s) => s.node === node).map(renderSession) })),
    },
  ];
}

/** /v1/status/*: Raft leader and peers (no index headers, not blocking). */
import type { LeaderState } from './blocking.js';
import type { Route } from './router.js';

export const RAFT_ADDRESS = '127.0.0.1:8300';

export function statusRoutes(leader: LeaderState): Route[] {
  return [
    { path: '/v1/status/leader', methods: ['GET'], handle: () => ({ json: leader.known ? RAFT_ADDRESS : '' }) },
    { path: '/v1/status/peers', methods: ['GET'], handle: () => ({ json: [RAFT_ADDRESS] }) },
  ];
}

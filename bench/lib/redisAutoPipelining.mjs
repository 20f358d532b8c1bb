// An EXPERIMENT, not the product: preloaded into the chat nodes by
// `npm run bench -- --experiment-redis-autopipelining` (NODE_OPTIONS=--import), it turns on
// ioredis's enableAutoPipelining for every Redis client of the process, to measure what that
// option would change before anyone changes the Redis backend (cluster/store/redisClients.ts).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Redis } = require('ioredis');
const connect = Redis.prototype.connect;
Redis.prototype.connect = function connectWithAutoPipelining(...args) {
  this.options.enableAutoPipelining = true;
  return connect.apply(this, args);
};

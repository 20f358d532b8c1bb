/** How many Lua scripts (EVALSHA + EVAL) a Redis server has run, from INFO commandstats: tests count round trips with it. */
import { Redis } from 'ioredis';

export async function scriptCalls(url: string): Promise<number> {
  const admin = new Redis(url);
  try {
    const stats = await admin.info('commandstats');
    return Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1] ?? 0) + Number(/cmdstat_eval:calls=(\d+)/.exec(stats)?.[1] ?? 0);
  } finally {
    admin.disconnect();
  }
}

import { createRequire } from "node:module";
import type { Redis, RedisOptions } from "ioredis";

const require = createRequire(import.meta.url);

/**
 * A new connection to the Redis at `url`. ioredis (with its ~45 modules) is loaded by the first
 * call, so a process without REDIS_URL never loads it. A synchronous require rather than
 * `import()`: the event bus, presence and limits are built synchronously by their callers.
 */
export function connectRedis(url: string, options: RedisOptions): Redis {
  const { Redis: RedisClient } = require("ioredis") as typeof import("ioredis");
  return new RedisClient(url, options);
}

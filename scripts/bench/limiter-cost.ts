/**
 * What the send limit costs per call, measured on the limiter itself (in this process, not over
 * HTTP): an allowed send, and a refused one once the user is over (refused from memory until the
 * window ends, without asking Redis again).
 */
import { performance } from "node:perf_hooks";
import { createLimits } from "@/server/limits";
import { RateLimitedError } from "@/server/services/errors";
import { GENEROUS_LIMITS, uniqueKeyPrefix } from "@tests/support/limits";

export interface LimiterCost {
  store: "memory" | "redis";
  /** Mean time of one allowed check, in µs. */
  allowedMicros: number;
  /** Mean time of one refused check, in µs. */
  refusedMicros: number;
}

const CALLS = 5000;

async function meanMicros(calls: number, once: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await once();
  return Math.round(((performance.now() - started) * 1000) / calls * 10) / 10;
}

export async function measureLimiterCost(redisUrl: string | undefined): Promise<LimiterCost> {
  const options = { redisUrl, keyPrefix: uniqueKeyPrefix("bench") };
  const open = createLimits({ ...GENEROUS_LIMITS }, options);
  // A burst of 2, then 1 a second: spent at once, so every later call in the window is refused.
  const tight = createLimits({ ...GENEROUS_LIMITS, sendBurst: 2, sendPerSecond: 1 }, options);
  try {
    await Promise.all([open.connected(), tight.connected()]);
    const allowedMicros = await meanMicros(CALLS, () => open.send.take("someone"));
    const refusedOnce = () =>
      tight.send.take("flooder").catch((error: unknown) => {
        if (!(error instanceof RateLimitedError)) throw error;
      });
    for (let i = 0; i < 3; i++) await refusedOnce();
    // Short enough to stay inside the one-second window the refusals are for.
    const refusedMicros = await meanMicros(CALLS / 10, refusedOnce);
    return { store: open.store, allowedMicros, refusedMicros };
  } finally {
    await Promise.all([open.close(), tight.close()]);
  }
}

/**
 * A fixed-window counter per key, in this process. Enough to slow password guessing against one
 * account; several processes each keep their own count.
 */
export interface RateLimiter {
  /** Counts one attempt; returns how long to wait when the key is over its limit. */
  hit(key: string, now?: number): { allowed: true } | { allowed: false; retryAfterMs: number };
  reset(key: string): void;
}

export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }): RateLimiter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    hit(key, now = Date.now()) {
      if (windows.size > 10_000) for (const [k, w] of windows) if (w.endsAt <= now) windows.delete(k);
      const current = windows.get(key);
      if (!current || current.endsAt <= now) {
        windows.set(key, { count: 1, endsAt: now + windowMs });
        return { allowed: true };
      }
      current.count += 1;
      return current.count <= limit ? { allowed: true } : { allowed: false, retryAfterMs: current.endsAt - now };
    },
    reset: (key) => void windows.delete(key),
  };
}

import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

describe("the sign-in rate limiter", () => {
  it("allows the limit, refuses the next attempt with the time to wait, and forgets after the window", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.hit("a@b.c", t0 + i).allowed).toBe(true);
    expect(limiter.hit("a@b.c", t0 + 10)).toEqual({ allowed: false, retryAfterMs: 59_990 });
    expect(limiter.hit("other@b.c", t0 + 10).allowed).toBe(true);
    expect(limiter.hit("a@b.c", t0 + 60_000).allowed).toBe(true);
  });

  it("a successful sign-in resets the count", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000 });
    limiter.hit("k", 0);
    limiter.reset("k");
    expect(limiter.hit("k", 1).allowed).toBe(true);
  });
});

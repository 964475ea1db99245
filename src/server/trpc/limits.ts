import { networkOf } from "@/server/http/client-ip";
import { tooManySubscriptions } from "@/server/realtime/socket-limits";
import { DomainError } from "@/server/services/errors";
import { middleware } from "./init";

/**
 * The fair limits as procedure middlewares. Used before `.input()`, so a refused call is one
 * counter check: its input is never parsed, the database never asked.
 */

/** message.send: a burst, then a steady rate, per user. */
export const limitSendsPerUser = middleware(async ({ ctx, next }) => {
  if (ctx.user) await ctx.limits.send.take(ctx.user.id);
  return next();
});

/** auth.register: per client IP (per /64 for IPv6). */
export const limitRegistrationsPerIp = middleware(async ({ ctx, next }) => {
  await ctx.limits.register.take(ctx.clientIp ? networkOf(ctx.clientIp) : "unknown");
  return next();
});

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === "object" && value !== null && Symbol.asyncIterator in value;

async function* releasingWhenDone<T>(items: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  try {
    yield* items;
  } finally {
    release();
  }
}

/**
 * A subscription over a WebSocket takes one of the socket's slots until it ends. The adapter
 * aborts the call's signal when the client stops it or the socket closes, but not when the
 * stream ends by itself (an error, the end): the slot is given back on whichever comes first.
 */
export const oneSubscriptionSlot = middleware(async ({ ctx, type, signal, next }) => {
  const slots = ctx.subscriptionSlots;
  if (type !== "subscription" || !slots) return next();
  const release = slots.take();
  if (!release) throw new DomainError("TOO_MANY_REQUESTS", tooManySubscriptions(ctx.limits.config.maxSubscriptionsPerSocket));
  signal?.addEventListener("abort", release, { once: true });
  const result = await next();
  if (!result.ok || !isAsyncIterable(result.data)) {
    release();
    return result;
  }
  return { ...result, data: releasingWhenDone(result.data, release) };
});

import { networkOf } from "@/server/http/client-ip";
import { middleware } from "./init";

/**
 * The fair limits as procedure middlewares (the subscription slot is taken by every procedure, in
 * init.ts). Used before `.input()`, so a refused call is one
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

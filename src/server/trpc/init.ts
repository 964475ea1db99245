import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { tooManySubscriptions } from "@/server/realtime/socket-limits";
import { DomainError, RateLimitedError } from "@/server/services/errors";
import type { Context } from "./context";
import { transformer } from "./transformer";
import { describeZodError, isUnreadableRequest, toTRPCError, UNREADABLE_REQUEST } from "./errors";
import { findUnstorableText } from "@/shared/unstorable-text";
import { inCallScope } from "@/server/log/call-scope";

/** A limit's "not now" says how long to wait, so that a client retries then (src/lib/retry-policy.ts). */
const retryAfterOf = (error: TRPCError) => (error.cause instanceof RateLimitedError ? { retryAfterMs: error.cause.retryAfterMs } : {});

const t = initTRPC.context<Context>().create({
  transformer,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    // Unexpected failures are logged on the server; the client gets a sentence, never driver text,
    // a JavaScript parser's words or a stack.
    const message = zodError
      ? describeZodError(zodError)
      : error.code === "INTERNAL_SERVER_ERROR"
        ? "Something went wrong on our side. Please try again."
        : isUnreadableRequest(error)
          ? UNREADABLE_REQUEST
          : shape.message;
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message,
      data: { ...data, zodError: zodError ? zodError.flatten() : null, ...retryAfterOf(error) },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause instanceof DomainError ? result.error.cause : result.error);
    if (mapped !== result.error) throw mapped;
  }
  return result;
});

/** Every line a call logs carries its request id; each call answered is a debug line (src/server/log/call-scope.ts). */
const inCallLogScope = t.middleware(({ ctx, path, type, next }) => inCallScope(ctx, { path, type }, next));

/** Every call counted by procedure, type and result code; a fair limit's refusal also on its own. */
const countCalls = t.middleware(async ({ ctx, path, type, next }) => {
  const result = await next();
  if (ctx.metrics) {
    const code = result.ok ? "OK" : result.error.code;
    ctx.metrics.trpcCalls.inc({ procedure: path, type, code });
    if (code === "TOO_MANY_REQUESTS") ctx.metrics.rateLimitRefusals.inc({ procedure: path });
  }
  return result;
});

const requireSession = t.middleware(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Before any procedure reads its input: no NUL character, no half character, anywhere in it. */
const refuseUnstorableText = t.middleware(async ({ getRawInput, next }) => {
  const problem = findUnstorableText(await getRawInput());
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem });
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
 * A subscription over a WebSocket takes one of the socket's slots until it ends (every
 * subscription procedure, without opting in; queries and mutations pass straight through). The adapter
 * aborts the call's signal when the client stops it or the socket closes, but not when the
 * stream ends by itself (an error, the end): the slot is given back on whichever comes first.
 */
const oneSubscriptionSlot = t.middleware(async ({ ctx, type, signal, next }) => {
  const slots = ctx.subscriptionSlots;
  if (type !== "subscription" || !slots) return next();
  const slot = slots.take();
  if (!slot) throw new DomainError("TOO_MANY_REQUESTS", tooManySubscriptions(ctx.limits.config.maxSubscriptionsPerSocket));
  const gauge = ctx.metrics?.activeSubscriptions;
  gauge?.inc();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    slot();
    gauge?.dec();
  };
  signal?.addEventListener("abort", release, { once: true });
  const result = await next();
  if (!result.ok || !isAsyncIterable(result.data)) {
    release();
    return result;
  }
  return { ...result, data: releasingWhenDone(result.data, release) };
});

export const publicProcedure = t.procedure.use(inCallLogScope).use(countCalls).use(mapDomainErrors).use(refuseUnstorableText).use(oneSubscriptionSlot);
export const authedProcedure = publicProcedure.use(requireSession);

const requireAdmin = t.middleware(({ ctx, next }) => {
  if (ctx.user?.role !== "ADMIN") throw new TRPCError({ code: "FORBIDDEN", message: "Only Glow support can do this." });
  return next();
});

/** Glow support's tools (/admin): everyone else gets FORBIDDEN, anonymous callers UNAUTHORIZED. */
export const adminProcedure = authedProcedure.use(requireAdmin);

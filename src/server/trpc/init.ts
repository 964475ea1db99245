import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { DomainError, RateLimitedError } from "@/server/services/errors";
import type { Context } from "./context";
import { describeZodError, isUnreadableRequest, toTRPCError, UNREADABLE_REQUEST } from "./errors";
import { findUnstorableText } from "@/shared/unstorable-text";

/** A limit's "not now" says how long to wait, so that a client retries then (src/lib/retry-policy.ts). */
const retryAfterOf = (error: TRPCError) => (error.cause instanceof RateLimitedError ? { retryAfterMs: error.cause.retryAfterMs } : {});

const t = initTRPC.context<Context>().create({
  transformer: superjson,
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

export const publicProcedure = t.procedure.use(mapDomainErrors).use(refuseUnstorableText);
export const authedProcedure = publicProcedure.use(requireSession);

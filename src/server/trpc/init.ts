import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { DomainError, RateLimitedError } from "@/server/services/errors";
import type { Context } from "./context";
import { describeZodError, toTRPCError } from "./errors";

/** A limit's "not now" says how long to wait, so that a client retries then (src/lib/retry-policy.ts). */
const retryAfterOf = (error: TRPCError) => (error.cause instanceof RateLimitedError ? { retryAfterMs: error.cause.retryAfterMs } : {});

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    // Unexpected failures are logged on the server; the client gets a sentence, never driver text.
    const message = zodError
      ? describeZodError(zodError)
      : error.code === "INTERNAL_SERVER_ERROR"
        ? "Something went wrong on our side. Please try again."
        : shape.message;
    return {
      ...shape,
      message,
      data: { ...shape.data, zodError: zodError ? zodError.flatten() : null, ...retryAfterOf(error) },
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

export const publicProcedure = t.procedure.use(mapDomainErrors);
export const authedProcedure = publicProcedure.use(requireSession);

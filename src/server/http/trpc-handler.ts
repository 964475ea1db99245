import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { holdConnection } from "@/server/http/hold-connection";
import type { AppRouter } from "@/server/routers/root";
import { RateLimitedError } from "@/server/services/errors";
import type { Context } from "@/server/trpc/context";

export const TRPC_PATH = "/api/trpc";

export const tooBigBatch = (calls: number, max: number) =>
  `One request may hold at most ${max} calls; this one holds ${calls}. Send them in smaller batches.`;

export function createTRPCHttpHandler(
  router: AppRouter,
  createContext: (req: IncomingMessage) => Promise<Context>,
  onUnexpectedError: (error: unknown, path: string | undefined) => void,
  maxBatchSize: number,
) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    /** The longest wait a limit asked of this request's calls, if one refused them. */
    let refusedForMs = 0;
    await nodeHTTPRequestHandler({
      req,
      res,
      router,
      path: pathname.slice(TRPC_PATH.length + 1),
      // Not tRPC's own maxBatchSize: its answer ("Batch call exceeds maximum size") is not a
      // sentence a person can act on. A context that cannot be made fails every call of the
      // batch with this error (400) before any of them runs; the session is not even read.
      createContext: ({ req: request, info }) => {
        if (info.calls.length > maxBatchSize) {
          throw new TRPCError({ code: "BAD_REQUEST", message: tooBigBatch(info.calls.length, maxBatchSize) });
        }
        return createContext(request);
      },
      maxBodySize: 256 * 1024,
      onError({ error, path }) {
        if (error.cause instanceof RateLimitedError) refusedForMs = Math.max(refusedForMs, error.cause.retryAfterMs);
        if (error.code === "INTERNAL_SERVER_ERROR") onUnexpectedError(error.cause ?? error, path);
      },
      responseMeta: () => (refusedForMs > 0 ? { headers: { "retry-after": String(Math.ceil(refusedForMs / 1000)) } } : {}),
    });
    if (refusedForMs > 0) holdConnection(req, res, refusedForMs);
  };
}

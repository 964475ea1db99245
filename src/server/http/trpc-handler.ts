import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import type { AppRouter } from "@/server/routers/root";
import type { Context } from "@/server/trpc/context";

export const TRPC_PATH = "/api/trpc";

export function createTRPCHttpHandler(
  router: AppRouter,
  createContext: (req: IncomingMessage) => Promise<Context>,
  onUnexpectedError: (error: unknown, path: string | undefined) => void,
) {
  return (req: IncomingMessage, res: ServerResponse, pathname: string) =>
    nodeHTTPRequestHandler({
      req,
      res,
      router,
      path: pathname.slice(TRPC_PATH.length + 1),
      createContext: ({ req: request }) => createContext(request),
      maxBodySize: 256 * 1024,
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") onUnexpectedError(error.cause ?? error, path);
      },
    });
}

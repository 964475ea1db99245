import type { IncomingMessage } from "node:http";
import type { SessionUser } from "@/server/auth/session";
import type { DatabaseKind } from "@/server/db/connect";
import type { ServiceDeps } from "@/server/services/deps";

export interface Context extends ServiceDeps {
  user: SessionUser | null;
  dbKind: DatabaseKind;
}

export type ContextFactory = (opts: { req: IncomingMessage }) => Promise<Context>;

/**
 * One context for HTTP and WebSocket calls. The WebSocket upgrade is authenticated before tRPC
 * reads anything, and its user is remembered against the upgrade request.
 */
export function createContextFactory(
  deps: ServiceDeps & { dbKind: DatabaseKind },
  resolveUser: (req: IncomingMessage) => Promise<SessionUser | null>,
): ContextFactory {
  return async ({ req }) => ({ ...deps, user: await resolveUser(req) });
}

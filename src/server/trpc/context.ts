import type { SessionUser } from "@/server/auth/session";
import type { Database, DatabaseKind } from "@/server/db/connect";
import type { EventBus } from "@/server/realtime/event-bus";
import type { ServiceDeps } from "@/server/services/deps";

export interface Context extends ServiceDeps {
  user: SessionUser | null;
  dbKind: DatabaseKind;
}

/**
 * The context of one call: the process's dependencies and who is calling. The HTTP handler, the
 * WebSocket handler and the tests all build it here, so none assembles it by hand.
 */
export function createContext(app: { db: Database; bus: EventBus; timeZone: string }, user: SessionUser | null): Context {
  return { prisma: app.db.prisma, bus: app.bus, dbKind: app.db.kind, timeZone: app.timeZone, user };
}

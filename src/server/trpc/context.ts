import type { SessionUser } from "@/server/auth/session";
import type { Database, DatabaseKind } from "@/server/db/connect";
import { sqlQueryOf } from "@/server/db/query";
import type { Metrics } from "@/server/metrics/metrics";
import type { Limits } from "@/server/limits";
import type { MessageNotifier } from "@/server/push/notifier";
import type { EventBus } from "@/server/realtime/event-bus";
import type { Presence } from "@/server/realtime/presence";
import type { SubscriptionSlots } from "@/server/realtime/socket-limits";
import type { ServiceDeps } from "@/server/services/deps";
import type { KeywordFilter } from "@/server/services/keyword-filter";

export interface Context extends ServiceDeps {
  /** This process's metrics (calls, subscriptions, deliveries); absent in some tests. */
  metrics?: Metrics;
  user: SessionUser | null;
  dbKind: DatabaseKind;
  /** The fair limits (src/server/limits.ts). */
  limits: Limits;
  /** The caller's address (src/server/http/client-ip.ts), for per-IP limits; null for a server-side caller. */
  clientIp: string | null;
  /** The caller's User-Agent header (the admin audit trail records it); null for a server-side caller. */
  userAgent: string | null;
  /** Over a WebSocket, that connection's subscription slots (one context per connection); null over HTTP. */
  subscriptionSlots: SubscriptionSlots | null;
  /** Over a WebSocket, that connection's id (presence and focus are per socket); null over HTTP. */
  connectionId: string | null;
  /** Who is online, on every process. */
  presence: Presence;
}

/** What one app process gives every call. */
export interface AppContext {
  db: Database;
  bus: EventBus;
  timeZone: string;
  limits: Limits;
  keywordFilter: KeywordFilter;
  presence: Presence;
  notifier?: MessageNotifier;
  metrics?: Metrics;
}

/** Where the call comes from. */
export interface CallOrigin {
  clientIp: string | null;
  userAgent?: string | null;
  subscriptionSlots?: SubscriptionSlots | null;
  connectionId?: string | null;
}

/**
 * The context of one call: the process's dependencies and who is calling. The HTTP handler, the
 * WebSocket handler and the tests all build it here, so none assembles it by hand.
 */
export function createContext(app: AppContext, user: SessionUser | null, origin: CallOrigin = { clientIp: null }): Context {
  return {
    prisma: app.db.prisma,
    sql: sqlQueryOf(app.db),
    bus: app.bus,
    dbKind: app.db.kind,
    timeZone: app.timeZone,
    limits: app.limits,
    keywordFilter: app.keywordFilter,
    presence: app.presence,
    notifier: app.notifier,
    metrics: app.metrics,
    user,
    clientIp: origin.clientIp,
    userAgent: origin.userAgent ?? null,
    subscriptionSlots: origin.subscriptionSlots ?? null,
    connectionId: origin.connectionId ?? null,
  };
}

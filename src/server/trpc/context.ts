import type { SessionUser } from "@/server/auth/session";
import type { Database, DatabaseKind } from "@/server/db/connect";
import { sqlQueryOf } from "@/server/db/query";
import type { ClusterMetrics } from "@/server/metrics/cluster-metrics";
import type { Metrics } from "@/server/metrics/metrics";
import type { Limits } from "@/server/limits";
import type { MessageNotifier } from "@/server/push/notifier";
import type { EventBus } from "@/server/realtime/event-bus";
import type { Presence } from "@/server/realtime/presence";
import type { SubscriptionSlots } from "@/server/realtime/socket-limits";
import type { ImageStore } from "@/server/storage/image-store";
import type { ServiceDeps } from "@/server/services/deps";
import type { KeywordFilter } from "@/server/services/keyword-filter";

export interface Context extends ServiceDeps {
  /** This process's metrics (calls, subscriptions, deliveries); absent in some tests. */
  metrics?: Metrics;
  /** The metrics of every running process, summed (/admin); absent in some tests. */
  clusterMetrics?: ClusterMetrics;
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
  /** The log lines' request id: the HTTP request's, or the socket's upgrade's (src/server/log/call-scope.ts); null for a server-side caller. */
  requestId: string | null;
  /** Who is online, on every process. */
  presence: Presence;
  /** Where photos are kept (deleting an account erases its photos); null where a test gives none. */
  images: ImageStore | null;
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
  clusterMetrics?: ClusterMetrics;
  images?: ImageStore;
}

/** Where the call comes from. */
export interface CallOrigin {
  clientIp: string | null;
  userAgent?: string | null;
  subscriptionSlots?: SubscriptionSlots | null;
  connectionId?: string | null;
  requestId?: string | null;
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
    images: app.images ?? null,
    notifier: app.notifier,
    metrics: app.metrics,
    clusterMetrics: app.clusterMetrics,
    user,
    clientIp: origin.clientIp,
    userAgent: origin.userAgent ?? null,
    subscriptionSlots: origin.subscriptionSlots ?? null,
    connectionId: origin.connectionId ?? null,
    requestId: origin.requestId ?? null,
  };
}

/** The process's image store, for a procedure that must reach photos; a context without one is a wiring mistake. */
export function imageStoreOf(ctx: Pick<Context, "images">): ImageStore {
  if (!ctx.images) throw new Error("This context has no image store: pass `images` to createContext.");
  return ctx.images;
}

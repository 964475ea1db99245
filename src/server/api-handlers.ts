import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { sessionFromRequest } from "@/server/auth/session";
import { createSessionGuard, type SessionGuard } from "@/server/auth/session-guard";
import type { Database } from "@/server/db";
import { isAllowedOrigin } from "@/server/http/allowed-origins";
import { AUDIT_CSV_PATH, createAuditCsvHandler } from "@/server/http/audit-csv";
import { clientIpOf } from "@/server/http/client-ip";
import { writeHealth } from "@/server/http/health";
import { apiHeaders, setHeaders, transportHeaders } from "@/server/http/security-headers";
import { createTRPCHttpHandler, TRPC_PATH } from "@/server/http/trpc-handler";
import { createUploadsHandler } from "@/server/http/uploads";
import { createDataExportHandler, DATA_EXPORT_PATH } from "@/server/http/data-export";
import { requestIdOf } from "@/server/http/request-log";
import { logProblem } from "@/server/log/logger";
import { createPushPublicKeyHandler, PUSH_PUBLIC_KEY_PATH } from "@/server/http/push-public-key";
import { createMetricsHandler, METRICS_PATH } from "@/server/http/metrics";
import { createClusterMetrics, type ClusterMetrics } from "@/server/metrics/cluster-metrics";
import { createMetrics, type Metrics } from "@/server/metrics/metrics";
import type { MessageNotifier } from "@/server/push/notifier";
import { createPresence, type Presence } from "@/server/realtime/presence";
import type { Limits } from "@/server/limits";
import type { EventBus } from "@/server/realtime/event-bus";
import { createSubscriptionSlots } from "@/server/realtime/socket-limits";
import type { ImageStore } from "@/server/storage/image-store";
import { createChatWebSocketServer, WEBSOCKET_PATH } from "@/server/realtime/websocket-server";
import { appRouter } from "@/server/routers/root";
import { createContext } from "@/server/trpc/context";
import { createKeywordFilter } from "@/server/services/keyword-filter";

export interface ApiHandlersOptions {
  db: Database;
  bus: EventBus;
  /** Where photos are kept (local disk by default, UploadThing when configured). */
  images: ImageStore;
  /** The origins whose pages may open sockets (see allowedOrigins): never taken from a request's Host. */
  allowedOrigins: readonly string[];
  /** The public URL is https: every response carries HSTS. */
  https?: boolean;
  /** APP_TIME_ZONE: booking times in system messages. Default UTC. */
  timeZone?: string;
  /** The fair limits (createLimits), shared by every call of this process. */
  limits: Limits;
  /** TRUST_PROXY: take the client IP from X-Forwarded-For. Default false. */
  trustProxy?: boolean;
  keepAlive?: { pingMs: number; pongWaitMs: number };
  log?: (message: string, error?: unknown) => void;
  /** Who is online, across processes; this process only when absent. */
  presence?: Presence;
  /** Push notifications for new messages; none when absent. */
  notifier?: MessageNotifier;
  /** The VAPID public key served at /api/push/public-key; 404 there when absent. */
  pushPublicKey?: string | null;
  /** This process's metrics (a new set when absent), served at /api/metrics with metricsToken. */
  metrics?: Metrics;
  /** METRICS_TOKEN: the bearer token of /api/metrics; 404 there when absent. */
  metricsToken?: string | null;
  /** Every process's metrics, summed, for /admin (shared through Redis); this process's alone when absent. */
  clusterMetrics?: ClusterMetrics;
}

export interface ApiHandlers {
  /** Serves /api/trpc, /api/uploads, /api/me/export, /api/admin/audit.csv and /api/health; returns false for any other path. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes the upgrade for /api/ws; returns false for any other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Tells socket clients to reconnect elsewhere and closes their sockets. */
  stopRealtime(): Promise<void>;
  connectionCount(): number;
  metrics: Metrics;
  /** Whether a session is still open; shared with Next's bundle through process-services.ts. */
  sessions: SessionGuard;
  presence: Presence;
}

/**
 * The request and upgrade handlers of the messaging API: tRPC over HTTP (/api/trpc) and over the
 * WebSocket (/api/ws), photo uploads (/api/uploads) and the health check (/api/health). No server,
 * no lifecycle: server-process.ts mounts them (tests mount them on a bare HTTP server).
 */
export function createApiHandlers(options: ApiHandlersOptions): ApiHandlers {
  const { db, bus } = options;
  const sessions = createSessionGuard({ prisma: db.prisma, bus });
  const authenticate = (req: IncomingMessage) => sessionFromRequest(req, sessions);
  const log = options.log ?? logProblem;
  const { limits } = options;
  const ownPresence = options.presence ? null : createPresence({ prisma: db.prisma, bus });
  const presence = options.presence ?? ownPresence!;
  const metrics = options.metrics ?? createMetrics();
  const app = {
    db,
    bus,
    timeZone: options.timeZone ?? "UTC",
    limits,
    keywordFilter: createKeywordFilter({ prisma: db.prisma, bus }),
    presence,
    notifier: options.notifier,
    metrics,
    clusterMetrics: options.clusterMetrics ?? createClusterMetrics(metrics.registry),
    images: options.images,
  };
  const clientIp = (req: IncomingMessage) => clientIpOf(req, options.trustProxy ?? false);

  const trpcHttp = createTRPCHttpHandler(
    appRouter,
    async (req) =>
      createContext(app, await authenticate(req), { clientIp: clientIp(req), userAgent: req.headers["user-agent"] ?? null, requestId: requestIdOf(req) }),
    (error, path) => log(`Unexpected error in ${path ?? "an unknown procedure"}`, error),
    limits.config.maxBatchSize,
  );
  const uploads = createUploadsHandler({ prisma: db.prisma, images: options.images }, authenticate, limits.uploads, log);
  const dataExport = createDataExportHandler({ prisma: db.prisma, images: options.images }, authenticate, log);
  const pushPublicKey = createPushPublicKeyHandler(options.pushPublicKey ?? null);
  const auditCsv = createAuditCsvHandler(db.prisma, authenticate, (req) => ({ ip: clientIp(req), userAgent: req.headers["user-agent"] ?? null }), log);
  const sockets = createChatWebSocketServer({
    router: appRouter,
    authenticate,
    sessions,
    socketLimits: limits.sockets,
    presence,
    // The adapter makes one context per connection: the socket's subscription slots live in it.
    createContext: async (user, req, connectionId) =>
      createContext(app, user, {
        clientIp: clientIp(req),
        userAgent: req.headers["user-agent"] ?? null,
        subscriptionSlots: createSubscriptionSlots(limits.config.maxSubscriptionsPerSocket),
        connectionId,
        requestId: requestIdOf(req),
      }),
    isAllowedOrigin: (origin) => isAllowedOrigin(origin, options.allowedOrigins),
    keepAlive: options.keepAlive,
  });

  const pool = db.driver?.kind === "postgres" ? db.driver.pool : null;
  metrics.observe({
    openSockets: () => sockets.connectionCount(),
    ...(pool ? { databasePool: () => ({ inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }) } : {}),
  });
  const serveMetrics = createMetricsHandler(metrics.registry, options.metricsToken ?? null);

  const headers = { api: apiHeaders({ https: options.https ?? false }), photos: transportHeaders({ https: options.https ?? false }) };
  return {
    handleRequest(req, res) {
      const pathname = (req.url ?? "/").split("?")[0] ?? "/";
      if (pathname === "/api/health") {
        setHeaders(res, headers.api);
        void writeHealth(res, db, bus);
        return true;
      }
      if (pathname === "/api/uploads" || pathname.startsWith("/api/uploads/")) {
        setHeaders(res, headers.photos);
        void uploads(req, res, new URL(req.url ?? "/", "http://localhost"));
        return true;
      }
      if (pathname === METRICS_PATH) {
        setHeaders(res, headers.api);
        void serveMetrics(req, res).catch((error) => {
          log("Metrics failed", error);
          if (!res.headersSent) res.writeHead(500).end();
        });
        return true;
      }
      if (pathname === PUSH_PUBLIC_KEY_PATH) {
        setHeaders(res, headers.api);
        pushPublicKey(req, res);
        return true;
      }
      if (pathname === DATA_EXPORT_PATH) {
        setHeaders(res, headers.api);
        void dataExport(req, res).catch((error) => {
          log("Data export failed", error);
          if (!res.headersSent) res.writeHead(500).end();
        });
        return true;
      }
      if (pathname === AUDIT_CSV_PATH) {
        setHeaders(res, headers.api);
        void auditCsv(req, res, new URL(req.url ?? "/", "http://localhost")).catch((error) => {
          log("Audit export failed", error);
          if (!res.headersSent) res.writeHead(500).end();
        });
        return true;
      }
      if (pathname === TRPC_PATH || pathname.startsWith(`${TRPC_PATH}/`)) {
        setHeaders(res, headers.api);
        void trpcHttp(req, res, pathname).catch((error) => {
          log("tRPC HTTP handler failed", error);
          if (!res.headersSent) res.writeHead(500).end();
        });
        return true;
      }
      return false;
    },
    handleUpgrade(req, socket, head) {
      const pathname = (req.url ?? "/").split("?")[0];
      if (pathname !== WEBSOCKET_PATH) return false;
      sockets.handleUpgrade(req, socket, head);
      return true;
    },
    async stopRealtime() {
      sockets.broadcastReconnect();
      await sockets.close();
      sessions.close();
      app.keywordFilter.close();
      await ownPresence?.close();
    },
    connectionCount: () => sockets.connectionCount(),
    metrics,
    sessions,
    presence,
  };
}

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { seedDemoAccounts } from "../../prisma/seed";
import { env, type Env } from "@/env";
import { createApiHandlers } from "@/server/api-handlers";
import { allowedOrigins } from "@/server/http/allowed-origins";
import { pageHeaders, setHeaders } from "@/server/http/security-headers";
import { openDatabase } from "@/server/db/open";
import { bootstrapAdmin } from "@/server/services/admin/bootstrap-admin";
import { createLimits, limitsConfigFromEnv } from "@/server/limits";
import { startPushService } from "@/server/push/push-service";
import { createPresence } from "@/server/realtime/presence";
import { registerProcessServices } from "@/server/process-services";
import { createMemoryEventBus, type EventBus } from "@/server/realtime/event-bus";
import { createRedisEventBus } from "@/server/realtime/redis-event-bus";
import { createClusterMetrics } from "@/server/metrics/cluster-metrics";
import { createMetrics, type Metrics } from "@/server/metrics/metrics";
import { serveInRequestScope, upgradeInRequestScope } from "@/server/http/request-log";
import { logger, logProblem, startProcessLogger } from "@/server/log/logger";
import { openImageStore, UPLOADTHING_IMAGE_ORIGINS } from "@/server/storage/open-image-store";
import { startMaintenanceJob } from "@/server/maintenance/maintenance-job";
import { describeMaintenance } from "@/server/maintenance/run-maintenance";

export interface PageHandlers {
  handle(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

const log = logProblem;

function createBus(config: Env, metrics: Metrics): EventBus {
  if (!config.REDIS_URL) return createMemoryEventBus();
  return createRedisEventBus(config.REDIS_URL, log, {
    publishFailed: () => metrics.busPublishFailures.inc(),
    resynced: () => metrics.busResyncs.inc(),
  });
}

/**
 * One app process, wired: database (migrated), event bus (Redis when REDIS_URL is set), image
 * store, the API handlers and, when given, the pages, behind one HTTP server on one port; and its
 * lifecycle. SIGTERM stops it gracefully: no new connections, socket clients told to reconnect
 * elsewhere, in-flight requests finished, then the bus and the database are closed.
 */
export async function startServerProcess(options: { pages?: (config: Env) => Promise<PageHandlers> } = {}) {
  const config = env();
  await startProcessLogger(config);
  const db = await openDatabase();
  if (config.SEED_DEMO_ACCOUNTS) {
    const created = await seedDemoAccounts(db.prisma);
    if (created > 0) logger().info({ created }, "seeded the demo accounts (see README)");
  }
  if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
    const created = await bootstrapAdmin(db.prisma, { email: config.BOOTSTRAP_ADMIN_EMAIL, password: config.BOOTSTRAP_ADMIN_PASSWORD });
    // Not the address itself: no email is ever logged.
    if (created) logger().info("created the admin named by BOOTSTRAP_ADMIN_EMAIL");
  }
  const metrics = createMetrics({ processMetrics: true });
  const bus = createBus(config, metrics);
  const images = await openImageStore(config);
  const origins = allowedOrigins(config);
  const https = config.NEXTAUTH_URL?.startsWith("https://") ?? false;
  const limits = createLimits(limitsConfigFromEnv(config), { redisUrl: config.REDIS_URL, log });
  const presence = createPresence({ prisma: db.prisma, bus, redisUrl: config.REDIS_URL, log });
  const push = await startPushService({ config, db, presence, log, onDeliveryFailed: () => metrics.pushFailures.inc() });
  metrics.observe({ pushQueueDepth: () => push.queueDepth() });
  // Partitions ahead and retention: queued now and daily, run by one process at a time.
  const maintenance = await startMaintenanceJob(db, {
    retentionDays: config.RETENTION_DAYS,
    auditRetentionDays: config.AUDIT_RETENTION_DAYS,
    images,
    log,
    onRun: (report) => logger().info(describeMaintenance(report)),
  });
  const clusterMetrics = createClusterMetrics(metrics.registry, { redisUrl: config.REDIS_URL, log });
  const api = createApiHandlers({
    db,
    bus,
    images,
    limits,
    trustProxy: config.TRUST_PROXY,
    allowedOrigins: origins,
    https,
    timeZone: config.APP_TIME_ZONE,
    log,
    presence,
    notifier: push.notifier,
    pushPublicKey: push.publicKey,
    metrics,
    metricsToken: config.METRICS_TOKEN ?? null,
    clusterMetrics,
  });
  registerProcessServices({ bus, sessions: api.sessions, limits });
  const pages = options.pages ? await options.pages(config) : null;
  const forPages = pageHeaders({
    https,
    development: config.NODE_ENV !== "production",
    socketOrigins: origins,
    imageOrigins: config.UPLOADTHING_TOKEN ? UPLOADTHING_IMAGE_ORIGINS : [],
  });

  const server = createServer((req, res) =>
    serveInRequestScope(req, res, () => {
      if (api.handleRequest(req, res)) return;
      if (pages) {
        setHeaders(res, forPages);
        return pages.handle(req, res);
      }
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Not found\n");
    }),
  );
  server.on("upgrade", (req, socket, head) =>
    upgradeInRequestScope(req, () => {
      if (api.handleUpgrade(req, socket, head)) return;
      if (pages) return pages.upgrade(req, socket, head);
      socket.destroy();
    }),
  );
  await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
  logger().info(
    { port: config.PORT, env: config.NODE_ENV, database: db.kind, bus: bus.kind, images: images.kind, pages: pages !== null },
    `ready on http://localhost:${config.PORT}`,
  );

  let stopping: Promise<void> | null = null;
  const stop = (reason: string) =>
    (stopping ??= (async () => {
      logger().info({ signal: reason }, "stopping: finishing in-flight requests, asking clients to reconnect");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections that finish their last request become idle later: close them as
      // they do, rather than waiting for the client to hang up.
      const reaper = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      await api.stopRealtime();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
      clearInterval(reaper);
      await maintenance.stop();
      await clusterMetrics.close();
      await push.stop();
      await presence.close();
      await limits.close();
      await bus.close();
      await db.close();
    })());
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => void stop(signal).then(() => process.exit(0)));
  }
  return { port: config.PORT, stop };
}

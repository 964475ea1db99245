import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { sessionFromRequest, type SessionUser } from "@/server/auth/session";
import type { Database } from "@/server/db";
import { clientIpOf } from "@/server/http/client-ip";
import { writeHealth } from "@/server/http/health";
import { createTRPCHttpHandler, TRPC_PATH } from "@/server/http/trpc-handler";
import { createUploadsHandler } from "@/server/http/uploads";
import type { Limits } from "@/server/limits";
import type { EventBus } from "@/server/realtime/event-bus";
import { createSubscriptionSlots } from "@/server/realtime/socket-limits";
import type { ImageStore } from "@/server/storage/image-store";
import { createChatWebSocketServer, WEBSOCKET_PATH } from "@/server/realtime/websocket-server";
import { appRouter } from "@/server/routers/root";
import { createContext } from "@/server/trpc/context";

export interface ApiHandlersOptions {
  db: Database;
  bus: EventBus;
  /** Where photos are kept (local disk by default, UploadThing when configured). */
  images: ImageStore;
  /** The app's public URL (NEXTAUTH_URL); pages served from it may open sockets. */
  publicUrl?: string;
  /** APP_TIME_ZONE: booking times in system messages. Default UTC. */
  timeZone?: string;
  /** The fair limits (createLimits), shared by every call of this process. */
  limits: Limits;
  /** TRUST_PROXY: take the client IP from X-Forwarded-For. Default false. */
  trustProxy?: boolean;
  authenticate?: (req: IncomingMessage) => Promise<SessionUser | null>;
  keepAlive?: { pingMs: number; pongWaitMs: number };
  log?: (message: string, error?: unknown) => void;
}

export interface ApiHandlers {
  /** Serves /api/trpc, /api/uploads and /api/health; returns false for any other path. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes the upgrade for /api/ws; returns false for any other path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Tells socket clients to reconnect elsewhere and closes their sockets. */
  stopRealtime(): Promise<void>;
  connectionCount(): number;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * The request and upgrade handlers of the messaging API: tRPC over HTTP (/api/trpc) and over the
 * WebSocket (/api/ws), photo uploads (/api/uploads) and the health check (/api/health). No server,
 * no lifecycle: server-process.ts mounts them (tests mount them on a bare HTTP server).
 */
export function createApiHandlers(options: ApiHandlersOptions): ApiHandlers {
  const { db, bus } = options;
  const authenticate = options.authenticate ?? sessionFromRequest;
  const log = options.log ?? ((message, error) => console.error(message, error));
  const { limits } = options;
  const app = { db, bus, timeZone: options.timeZone ?? "UTC", limits };
  const clientIp = (req: IncomingMessage) => clientIpOf(req, options.trustProxy ?? false);

  const trpcHttp = createTRPCHttpHandler(
    appRouter,
    async (req) => createContext(app, await authenticate(req), { clientIp: clientIp(req) }),
    (error, path) => log(`Unexpected error in ${path ?? "an unknown procedure"}`, error),
    limits.config.maxBatchSize,
  );
  const uploads = createUploadsHandler({ prisma: db.prisma, images: options.images }, authenticate, limits.uploads, log);
  const publicHost = options.publicUrl ? hostOf(options.publicUrl) : null;
  const sockets = createChatWebSocketServer({
    router: appRouter,
    authenticate,
    socketLimits: limits.sockets,
    // The adapter makes one context per connection: the socket's subscription slots live in it.
    createContext: async (user, req) =>
      createContext(app, user, { clientIp: clientIp(req), subscriptionSlots: createSubscriptionSlots(limits.config.maxSubscriptionsPerSocket) }),
    isAllowedOrigin: (origin, req) => {
      const host = hostOf(origin);
      return host !== null && (host === req.headers.host || host === publicHost);
    },
    keepAlive: options.keepAlive,
  });

  return {
    handleRequest(req, res) {
      const pathname = (req.url ?? "/").split("?")[0] ?? "/";
      if (pathname === "/api/health") {
        void writeHealth(res, db, bus);
        return true;
      }
      if (pathname === "/api/uploads" || pathname.startsWith("/api/uploads/")) {
        void uploads(req, res, new URL(req.url ?? "/", "http://localhost"));
        return true;
      }
      if (pathname === TRPC_PATH || pathname.startsWith(`${TRPC_PATH}/`)) {
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
    },
    connectionCount: () => sockets.connectionCount(),
  };
}

import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocket, WebSocketServer } from "ws";
import type { SessionUser } from "@/server/auth/session";
import type { SessionGuard } from "@/server/auth/session-guard";
import { REQUEST_ID_HEADER, requestIdOf } from "@/server/http/request-log";
import { logger } from "@/server/log/logger";
import { runInRequestScope } from "@/server/log/request-scope";
import type { AppRouter } from "@/server/routers/root";
import { DomainError } from "@/server/services/errors";
import type { Context } from "@/server/trpc/context";
import type { Presence } from "./presence";
import type { SocketLimits } from "./socket-limits";

export const WEBSOCKET_PATH = "/api/ws";
/** A frame larger than this closes the socket (close code 1009). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** The close code of a socket whose session ended (signed out): the client signs in again. */
export const SESSION_ENDED_CLOSE_CODE = 4401;
/** How often open sockets' sessions are checked against the database (missed announcements). */
const SESSION_SWEEP_MS = 1000;

export interface WebSocketServerOptions {
  router: AppRouter;
  /** One context per connection; connectionId names the socket (presence and focus are per socket). */
  createContext: (user: SessionUser, req: IncomingMessage, connectionId: string) => Promise<Context>;
  authenticate: (req: IncomingMessage) => Promise<SessionUser | null>;
  /** Closes the sockets of sessions that end (code 4401). */
  sessions: SessionGuard;
  /** The origins a browser page of this app connects from. */
  isAllowedOrigin: (origin: string, req: IncomingMessage) => boolean;
  keepAlive?: { pingMs: number; pongWaitMs: number };
  /** Open sockets per user, counted in every process. */
  socketLimits: SocketLimits;
  /** Told of every socket that opens and closes: a user with one is online. */
  presence: Presence;
}

export interface ChatWebSocketServer {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Asks every client to reconnect (to another process) before this one stops. */
  broadcastReconnect(): void;
  connectionCount(): number;
  close(): Promise<void>;
}

const STATUS_TEXT = { 401: "Unauthorized", 403: "Forbidden", 429: "Too Many Requests" } as const;

/** The upgrade's request id (request-log.ts) as a response header line, when it has one. */
function requestIdHeader(req: IncomingMessage): string[] {
  const requestId = requestIdOf(req);
  return requestId ? [`${REQUEST_ID_HEADER}: ${requestId}`] : [];
}

function refuse(socket: Duplex, req: IncomingMessage, status: keyof typeof STATUS_TEXT, reason: string) {
  const body = `${reason}\n`;
  const headers = ["Connection: close", "Content-Type: text/plain; charset=utf-8", `Content-Length: ${Buffer.byteLength(body)}`, ...requestIdHeader(req)];
  logger().debug({ status }, "socket refused");
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n${headers.join("\r\n")}\r\n\r\n${body}`);
}

/**
 * tRPC over WebSocket at /api/ws. The upgrade is checked before any tRPC message is read: a foreign
 * Origin gets 403 (no cross-site socket can ride on the user's cookie), no valid session 401.
 */
export function createChatWebSocketServer(options: WebSocketServerOptions): ChatWebSocketServer {
  /** Who opened each upgraded socket, and the id that names the socket (presence, focus). */
  const users = new WeakMap<IncomingMessage, SessionUser>();
  const connectionIds = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const keepAlive = options.keepAlive ?? { pingMs: 30_000, pongWaitMs: 10_000 };
  const handler = applyWSSHandler({
    wss,
    router: options.router,
    keepAlive: { enabled: true, ...keepAlive },
    createContext: async ({ req }) => {
      const user = users.get(req);
      const connectionId = connectionIds.get(req);
      if (!user || !connectionId) throw new Error("WebSocket connection without an authenticated upgrade");
      return options.createContext(user, req, connectionId);
    },
    // Unexpected failures only; a refusal (FORBIDDEN, TOO_MANY_REQUESTS…) is the client's answer.
    // Named by the socket's request id: this runs outside the call's own scope.
    onError({ error, path, ctx }) {
      if (error.code !== "INTERNAL_SERVER_ERROR") return;
      const cause = error.cause ?? error;
      const fields = { err: cause, procedure: path, requestId: ctx?.requestId ?? undefined };
      // A refusal raised inside a subscription's stream (the conversation is gone) reaches here
      // unmapped: it is the client's answer, not a failure of the server.
      if (cause instanceof DomainError) return logger().debug(fields, "a socket call was refused");
      // ws's own refusals of what a client sent (a frame over MAX_FRAME_BYTES, a bad opcode).
      if (typeof (cause as { code?: unknown }).code === "string" && (cause as { code: string }).code.startsWith("WS_ERR_")) {
        return logger().warn(fields, "a socket sent a frame the server refuses");
      }
      logger().error(fields, "unexpected error in a socket call");
    },
  });
  wss.on("headers", (headers, req) => headers.push(...requestIdHeader(req)));

  // The open sockets of each session, so a sign-out closes them all, on every process.
  const socketsBySession = new Map<string, Set<WebSocket>>();
  wss.on("connection", (client: WebSocket, req: IncomingMessage) => {
    const user = users.get(req);
    const connectionId = connectionIds.get(req);
    if (!user || !connectionId) return;
    const requestId = requestIdOf(req);
    const opened = Date.now();
    const logInScope = (write: () => void) => (requestId ? runInRequestScope(requestId, write) : write());
    logInScope(() => logger().debug({ userId: user.id }, "socket opened"));
    client.once("close", (code: number) => logInScope(() => logger().debug({ userId: user.id, code, durationMs: Date.now() - opened }, "socket closed")));
    // A user with an open socket is online, on whichever process holds it.
    options.presence.connect(user.id, connectionId);
    client.once("close", () => options.presence.disconnect(user.id, connectionId));
    const { sessionId } = user;
    let set = socketsBySession.get(sessionId);
    if (!set) socketsBySession.set(sessionId, (set = new Set()));
    set.add(client);
    client.once("close", () => {
      set.delete(client);
      if (set.size === 0 && socketsBySession.get(sessionId) === set) socketsBySession.delete(sessionId);
    });
  });
  const stopListening = options.sessions.onEnded((sessionId) => {
    for (const client of socketsBySession.get(sessionId) ?? []) client.close(SESSION_ENDED_CLOSE_CODE, "Your session ended. Sign in again.");
  });
  // Announcements travel on the bus; one missed (Redis away) is caught here within a second.
  const sweep = setInterval(() => {
    if (socketsBySession.size) options.sessions.recheck([...socketsBySession.keys()]).catch(() => {});
  }, SESSION_SWEEP_MS);
  sweep.unref();

  return {
    handleUpgrade(req, socket, head) {
      socket.on("error", () => socket.destroy());
      const origin = req.headers.origin;
      if (origin && !options.isAllowedOrigin(origin, req)) return refuse(socket, req, 403, "Origin not allowed.");
      options
        .authenticate(req)
        .then(async (user) => {
          if (!user) return refuse(socket, req, 401, "Sign in to connect.");
          const admission = await options.socketLimits.admit(user.id);
          if (!admission.admitted) return refuse(socket, req, 429, admission.message);
          socket.once("close", admission.release);
          if (socket.destroyed) admission.release(); // the client left while it was counted
          users.set(req, user);
          connectionIds.set(req, randomUUID());
          wss.handleUpgrade(req, socket, head, (client) => wss.emit("connection", client, req));
        })
        .catch((error: unknown) => {
          logger().error({ err: error }, "a socket could not be opened");
          socket.destroy();
        });
    },
    broadcastReconnect: () => handler.broadcastReconnectNotification(),
    connectionCount: () => wss.clients.size,
    async close() {
      clearInterval(sweep);
      stopListening();
      // 1012 "service restart": clients reconnect (to any live process) and resume by seq.
      for (const client of wss.clients) client.close(1012, "Server restarting");
      const deadline = Date.now() + 2000;
      while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

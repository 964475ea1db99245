import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTRPCClient, createWSClient, httpLink, wsLink } from "@trpc/client";
import { encode } from "next-auth/jwt";
import superjson from "superjson";
import WebSocket from "ws";
import { env } from "@/env";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiHandlers, type ApiHandlers, type ApiHandlersOptions } from "@/server/api-handlers";
import { allowedOrigins } from "@/server/http/allowed-origins";
import { createLocalImageStore } from "@/server/storage/local-store";
import type { AppRouter } from "@/server/routers/root";
import type { TestUser } from "./fixtures";
import { generousLimits } from "./limits";

const TEST_SECRET = "test-only-nextauth-secret-0123456789abcdef";

/**
 * Makes the app verify sessions with a known secret and the plain (non-__Secure-) cookie name.
 * Call it at the top of a test file: env() reads process.env once, on its first call.
 */
export function installTestSessionSecret(): string {
  process.env.NEXTAUTH_SECRET = TEST_SECRET;
  delete process.env.NEXTAUTH_URL;
  if (env().NEXTAUTH_SECRET !== TEST_SECRET) {
    throw new Error("env() was read before installTestSessionSecret(); call it before anything else reads the environment");
  }
  return TEST_SECRET;
}

/** A next-auth session token for the user, as next-auth would mint it at sign-in. */
export function sessionToken(user: TestUser, secret = TEST_SECRET, maxAge?: number): Promise<string> {
  return encode({ token: { sub: user.id, role: user.role, name: user.name, email: user.email, sid: user.sessionId }, secret, maxAge });
}

export const SESSION_COOKIE = "next-auth.session-token";

export async function sessionCookie(user: TestUser, secret = TEST_SECRET): Promise<string> {
  return `${SESSION_COOKIE}=${await sessionToken(user, secret)}`;
}

export interface TestApiServer {
  app: ApiHandlers;
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/api/ws */
  wsUrl: string;
  /** Where photos are stored when no image store was given (a temporary folder, removed on close). */
  imagesDir: string | null;
  close(): Promise<void>;
}

/**
 * createApiHandlers behind a real HTTP server on a free port, as server.ts mounts it (minus Next).
 * Pages of http://localhost:PORT and http://127.0.0.1:PORT may open sockets (the zero-config
 * default), unless `allowedOrigins` says otherwise. Without `limits`, generous ones
 * (tests/support/limits.ts): a test of a limit gives its own.
 */
export async function startApiServer(
  options: Omit<ApiHandlersOptions, "images" | "allowedOrigins" | "limits"> & Partial<Pick<ApiHandlersOptions, "images" | "allowedOrigins" | "limits">>,
): Promise<TestApiServer> {
  const imagesDir = options.images ? null : mkdtempSync(path.join(tmpdir(), "glow-images-"));
  // Listening first, as the default origins name the port (nobody can call before it is known).
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const app = createApiHandlers({
    ...options,
    images: options.images ?? createLocalImageStore(imagesDir!),
    allowedOrigins: options.allowedOrigins ?? allowedOrigins({ ALLOWED_ORIGINS: [], PORT: port }),
    limits: options.limits ?? generousLimits(),
  });
  server.on("request", (req, res) => {
    if (app.handleRequest(req, res)) return;
    res.writeHead(404).end();
  });
  server.on("upgrade", (req, socket, head) => {
    if (app.handleUpgrade(req, socket, head)) return;
    socket.destroy();
  });
  return {
    app,
    url,
    wsUrl: `ws://127.0.0.1:${port}/api/ws`,
    imagesDir,
    async close() {
      await app.stopRealtime();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (imagesDir) rmSync(imagesDir, { recursive: true, force: true });
    },
  };
}

/** A tRPC client over HTTP, as the browser's (minus batching), with the given request headers. */
export function httpClient(baseUrl: string, headers: Record<string, string> = {}) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl}/api/trpc`, transformer: superjson, headers })],
  });
}

/**
 * A tRPC client over the WebSocket, opened with the given headers (e.g. the session cookie),
 * reconnecting after `retryDelayMs`.
 */
export function wsClient(
  wsUrl: string,
  headers: Record<string, string>,
  options: { retryDelayMs?: number; onOpen?: () => void; onClose?: () => void } = {},
) {
  class WebSocketWithHeaders extends WebSocket {
    constructor(address: string | URL) {
      super(address, { headers });
    }
  }
  const socket = createWSClient({
    url: wsUrl,
    WebSocket: WebSocketWithHeaders as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => options.retryDelayMs ?? 50,
    onOpen: options.onOpen,
    onClose: options.onClose,
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: socket, transformer: superjson })] });
  return { client, close: () => socket.close() };
}

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { httpClient, installTestSessionSecret, sessionCookie, wsClient } from "@tests/support/api-server";
import { makeUser } from "@tests/support/fixtures";
import { generousLimits } from "@tests/support/limits";
import { captureProcessLog, type LogLine } from "@tests/support/memory-log";
import { databaseForThisFile } from "@tests/support/test-file";
import { waitFor } from "@tests/support/wait";
import { createApiHandlers, type ApiHandlers } from "@/server/api-handlers";
import { allowedOrigins } from "@/server/http/allowed-origins";
import { createLocalImageStore } from "@/server/storage/local-store";
import { serveInRequestScope, upgradeInRequestScope } from "./request-log";

installTestSessionSecret();
const { db, bus } = databaseForThisFile();
let server: Server;
let app: ApiHandlers;
let url: string;
let imagesDir: string;

// The API mounted as server-process.ts mounts it: every request and upgrade in its request's scope.
beforeAll(async () => {
  imagesDir = mkdtempSync(path.join(tmpdir(), "glow-request-log-"));
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  app = createApiHandlers({
    db,
    bus,
    images: createLocalImageStore(imagesDir),
    limits: generousLimits(),
    allowedOrigins: allowedOrigins({ ALLOWED_ORIGINS: [], PORT: port }),
  });
  server.on("request", (req, res) =>
    serveInRequestScope(req, res, () => {
      if (!app.handleRequest(req, res)) res.writeHead(404).end();
    }),
  );
  server.on("upgrade", (req, socket, head) =>
    upgradeInRequestScope(req, () => {
      if (!app.handleUpgrade(req, socket, head)) socket.destroy();
    }),
  );
});
afterAll(async () => {
  await app?.stopRealtime();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(imagesDir, { recursive: true, force: true });
});

let log: ReturnType<typeof captureProcessLog>;
beforeEach(() => {
  log = captureProcessLog("debug");
});
afterEach(() => log.restore());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const linesOf = (requestId: string) => log.lines.filter((line) => line.requestId === requestId);
const finished = (requestId: string): Promise<LogLine> =>
  waitFor(() => log.lines.find((line) => line.requestId === requestId && line.msg === "request finished"), "the request's finished line", { timeoutMs: 5000 });

describe("HTTP requests", () => {
  it("keep a sane incoming X-Request-Id, echo it, and log one line when done: method, path without the query, status, duration", async () => {
    const response = await fetch(`${url}/api/health?email=someone%40example.com`, { headers: { "X-Request-Id": "probe-42" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("probe-42");
    const line = await finished("probe-42");
    expect(line).toMatchObject({ level: "debug", method: "GET", path: "/api/health", status: 200, durationMs: expect.any(Number) });
    expect(log.written.join("")).not.toContain("someone");
  });

  it("get a new id when the incoming one is not sane, and their tRPC calls log under it (API requests at info)", async () => {
    const response = await fetch(`${url}/api/trpc/conversation.list?input=%7B%7D`, { headers: { "X-Request-Id": "x".repeat(65) } });
    expect(response.status).toBe(401);
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(UUID);
    const line = await finished(requestId);
    expect(line).toMatchObject({ level: "info", method: "GET", path: "/api/trpc/conversation.list", status: 401 });
    expect(linesOf(requestId)).toContainEqual(expect.objectContaining({ msg: "call answered", procedure: "conversation.list", type: "query", code: "UNAUTHORIZED" }));
  });

  it("each have their own id", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const client = httpClient(url, { cookie: await sessionCookie(user) });
    await client.user.me.query();
    await client.user.me.query();
    const calls = log.lines.filter((line) => line.msg === "call answered" && line.procedure === "user.me");
    expect(calls).toHaveLength(2);
    expect(calls[0]!.requestId).toMatch(UUID);
    expect(calls[1]!.requestId).toMatch(UUID);
    expect(calls[0]!.requestId).not.toBe(calls[1]!.requestId);
  });
});

describe("WebSocket connections", () => {
  it("answer the upgrade with the connection's X-Request-Id and log its opening and closing under it", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const socket = new WebSocket(`${url.replace("http", "ws")}/api/ws`, { headers: { cookie: await sessionCookie(user), "X-Request-Id": "socket-7" } });
    let upgrade: IncomingMessage | undefined;
    socket.once("upgrade", (response) => (upgrade = response));
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    expect(upgrade?.headers["x-request-id"]).toBe("socket-7");
    socket.close();
    await waitFor(() => linesOf("socket-7").find((line) => line.msg === "socket closed"), "the socket's closed line", { timeoutMs: 5000 });
    expect(linesOf("socket-7").map((line) => line.msg)).toEqual(["socket opened", "socket closed"]);
    expect(linesOf("socket-7")[0]).toMatchObject({ userId: user.id });
  });

  it("refuse an upgrade without a session with the X-Request-Id too", async () => {
    const socket = new WebSocket(`${url.replace("http", "ws")}/api/ws`, { headers: { "X-Request-Id": "no-session" } });
    socket.on("error", () => {});
    const response = await new Promise<IncomingMessage>((resolve) => socket.once("unexpected-response", (_req, res) => resolve(res)));
    expect(response.statusCode).toBe(401);
    expect(response.headers["x-request-id"]).toBe("no-session");
    response.destroy();
  });

  it("give each call over the socket its own id: the socket's, numbered", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const { client, close } = wsClient(`${url.replace("http", "ws")}/api/ws`, { cookie: await sessionCookie(user), "X-Request-Id": "socket-8" });
    try {
      await client.user.me.query();
      await client.user.settings.query();
    } finally {
      close();
    }
    expect(log.lines.filter((line) => line.msg === "call answered").map((line) => [line.requestId, line.procedure])).toEqual([
      ["socket-8.1", "user.me"],
      ["socket-8.2", "user.settings"],
    ]);
  });
});

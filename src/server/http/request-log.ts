import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { logger } from "@/server/log/logger";
import { requestIdFrom, runInRequestScope } from "@/server/log/request-scope";

export const REQUEST_ID_HEADER = "X-Request-Id";

/** Each request's id, for the code that builds a call's context from the request (api-handlers.ts). */
const requestIds = new WeakMap<IncomingMessage, string>();

/** The id serveInRequestScope or upgradeInRequestScope gave this request; null for one that came another way (tests). */
export function requestIdOf(req: IncomingMessage): string | null {
  return requestIds.get(req) ?? null;
}

function assignRequestId(req: IncomingMessage): string {
  const requestId = requestIdFrom(req.headers["x-request-id"]);
  requestIds.set(req, requestId);
  return requestId;
}

/** The path a line names: never the query string (it can carry an email, a callback URL, a token). */
function routePath(req: IncomingMessage): string {
  return (req.url ?? "/").split("?")[0]!.slice(0, 200);
}

/**
 * The API's calls are each worth a line at info; probes (health, metrics), pages and static assets
 * only at debug, or they would drown the rest.
 */
function finishedLineLevel(path: string): "info" | "debug" {
  if (path === "/api/health" || path === "/api/metrics") return "debug";
  return path.startsWith("/api/") ? "info" : "debug";
}

/**
 * Serves one HTTP request with its request id in scope (every line logged while serving it
 * carries the id) and in the X-Request-Id response header, then logs one line when it is done:
 * method, path, status and duration. Nothing else about the request is logged.
 */
export function serveInRequestScope(req: IncomingMessage, res: ServerResponse, serve: () => void): void {
  const requestId = assignRequestId(req);
  res.setHeader(REQUEST_ID_HEADER, requestId);
  const started = performance.now();
  res.once("close", () => {
    const path = routePath(req);
    const fields = {
      method: req.method,
      path,
      status: res.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    const message = res.writableFinished ? "request finished" : "request closed before its response was complete";
    runInRequestScope(requestId, () => logger()[finishedLineLevel(path)](fields, message));
  });
  runInRequestScope(requestId, serve);
}

/** Takes a WebSocket upgrade with its request id in scope: the id of everything its socket does (websocket-server.ts). */
export function upgradeInRequestScope(req: IncomingMessage, upgrade: () => void): void {
  runInRequestScope(assignRequestId(req), upgrade);
}

import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export const METRICS_PATH = "/api/metrics";

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * GET /api/metrics: this process's metrics in Prometheus's text format, for a scraper holding
 * `Authorization: Bearer $METRICS_TOKEN`. 401 for anyone else; 404 while METRICS_TOKEN is unset
 * (the endpoint does not exist until someone configures it).
 */
export function createMetricsHandler(registry: Registry, token: string | null) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = (status: number, body: string, headers: Record<string, string> = {}) =>
      res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers }).end(`${body}\n`);
    if (!token) return void text(404, "Metrics are off: set METRICS_TOKEN to serve them here.");
    if (req.method !== "GET" && req.method !== "HEAD") return void text(405, "Use GET.", { Allow: "GET, HEAD" });
    const header = req.headers.authorization ?? "";
    const given = header.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
    if (!given || !sameSecret(given, token)) {
      return void text(401, "Send Authorization: Bearer <METRICS_TOKEN>.", { "WWW-Authenticate": 'Bearer realm="metrics"' });
    }
    const body = await registry.metrics();
    res.writeHead(200, { "Content-Type": registry.contentType, "Cache-Control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : body);
  };
}

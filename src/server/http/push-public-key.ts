import type { IncomingMessage, ServerResponse } from "node:http";

export const PUSH_PUBLIC_KEY_PATH = "/api/push/public-key";

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  void res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(body));

/**
 * GET /api/push/public-key → { publicKey }: the VAPID public key a browser subscribes with
 * (pushManager.subscribe's applicationServerKey). Public, no session needed. Cached for an hour:
 * the key changes only when an operator replaces it, and then every device subscribes again anyway.
 */
export function createPushPublicKeyHandler(publicKey: string | null) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return json(res, 405, { error: "Use GET to read the push public key." }, { Allow: "GET, HEAD" });
    }
    if (!publicKey) return json(res, 404, { error: "Push notifications are not configured on this server." }, { "Cache-Control": "no-store" });
    json(res, 200, { publicKey }, { "Cache-Control": "public, max-age=3600" });
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";

export const PUSH_PUBLIC_KEY_PATH = "/api/push/public-key";

/**
 * GET /api/push/public-key: the VAPID public key a browser subscribes with.
 * PLACEHOLDER: being written.
 */
export function createPushPublicKeyHandler(publicKey: string | null) {
  return (req: IncomingMessage, res: ServerResponse) => {
    void req;
    if (!publicKey) return void res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "Push notifications are not configured." }));
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ publicKey }));
  };
}

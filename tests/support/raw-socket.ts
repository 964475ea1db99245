import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import { within } from "./wait";

/** What a raw WebSocket handshake ended in: an open socket, or the server's HTTP answer. */
export type Upgrade = { opened: true; socket: WebSocket } | { opened: false; status: number; body: string };

/** A plain WebSocket handshake (no tRPC client in between) with the given headers. */
export function connectRaw(url: string, headers: Record<string, string>): Promise<Upgrade> {
  return within(
    new Promise<Upgrade>((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once("open", () => resolve({ opened: true, socket }));
      socket.once("unexpected-response", (_req, res: IncomingMessage) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ opened: false, status: res.statusCode ?? 0, body }));
      });
      socket.once("error", reject);
    }),
    `the WebSocket handshake with ${url}`,
    15_000,
  );
}

/** A plain WebSocket that must open; fails with the server's answer otherwise. */
export async function openRaw(url: string, headers: Record<string, string>): Promise<WebSocket> {
  const result = await connectRaw(url, headers);
  if (!result.opened) throw new Error(`expected the socket to open, got HTTP ${result.status}: ${result.body}`);
  return result.socket;
}

/** Resolves with the close code and reason once the socket closes. */
export function closed(socket: WebSocket, ms = 10_000): Promise<{ code: number; reason: string }> {
  return within(
    new Promise((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() }))),
    "the socket to close",
    ms,
  );
}

import type { IncomingMessage, ServerResponse } from "node:http";

/** The longest a connection is left unread (before jitter): a browser's other calls on it wait about this long at most. */
export const MAX_HOLD_MS = 1000;

/**
 * After answering a call that a limit refused, stops reading the caller's connection until it
 * may call again (at most MAX_HOLD_MS). A script that ignores retryAfterMs and asks again at once
 * would otherwise keep the process busy refusing it, and everyone else would wait behind it; held,
 * its next call waits in the kernel's buffer and costs nothing. A caller that honours
 * retryAfterMs (the outbox) never notices.
 */
export function holdConnection(req: IncomingMessage, res: ServerResponse, ms: number): void {
  const hold = () => {
    const socket = req.socket;
    if (socket.destroyed) return;
    socket.pause();
    // Up to half as long again, at random: the flooder's connections, refused together, would
    // otherwise all come back at the same instant.
    setTimeout(() => socket.resume(), Math.min(ms, MAX_HOLD_MS) * (1 + Math.random() / 2)).unref();
  };
  if (res.writableFinished) hold();
  else res.once("finish", hold);
}

import type { ServerResponse } from "node:http";
import type { Database } from "@/server/db";
import type { EventBus } from "@/server/realtime/event-bus";

const HEALTH_TIMEOUT_MS = 2000;

/** 200 while the database answers within a moment, 503 otherwise. */
export async function writeHealth(res: ServerResponse, db: Database, bus: EventBus): Promise<void> {
  let ok = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.prisma.$queryRaw`SELECT 1`,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), HEALTH_TIMEOUT_MS))),
    ]);
    ok = true;
  } catch {
    ok = false;
  } finally {
    clearTimeout(timer);
  }
  res.writeHead(ok ? 200 : 503, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify({ ok, db: db.kind, bus: bus.kind, busConnected: bus.isConnected() }));
}

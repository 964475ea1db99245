/**
 * A stand-in for an app process, for the test of a process killed with SIGKILL: it tracks presence
 * in Redis (quick timing), holds one socket of one user, says "holding <userId>" and waits to be
 * killed. Run: node --import tsx tests/support/presence-process.ts, configured by
 *   DATABASE_URL, REDIS_URL, PRESENCE_KEY_PREFIX, PRESENCE_PROCESS_ID, PRESENCE_USER_ID.
 */
import { connectDatabase } from "@/server/db/connect";
import { createRedisEventBus } from "@/server/realtime/redis-event-bus";
import { createPresence } from "@/server/realtime/presence";
import { QUICK_PRESENCE_TIMING } from "./presence";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const db = await connectDatabase({ kind: "postgres", url: required("DATABASE_URL"), poolSize: 2 });
const bus = createRedisEventBus(required("REDIS_URL"), (message, error) => console.error(message, error));
const presence = createPresence({
  prisma: db.prisma,
  bus,
  redisUrl: required("REDIS_URL"),
  keyPrefix: required("PRESENCE_KEY_PREFIX"),
  processId: required("PRESENCE_PROCESS_ID"),
  timing: QUICK_PRESENCE_TIMING,
  log: (message, error) => console.error(message, error ?? ""),
});
const userId = required("PRESENCE_USER_ID");
// Connected first: an announcement published before the bus's publisher is ready is not sent (its
// listeners get a resync instead), and the test counts the "online" announcement.
while (!bus.isConnected()) await new Promise((resolve) => setTimeout(resolve, 20));
presence.connect(userId, "the-socket-of-the-killed-process");
// The test then waits until another tracker sees the user online through Redis.
console.log(`holding ${userId}`);
setInterval(() => {}, 60_000); // alive until killed

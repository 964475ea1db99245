/**
 * `npm run bench:session`: what the session check costs on every HTTP request and WebSocket
 * upgrade. Times, in this process, against a throwaway Postgres (TEST_DATABASE_URL or the local
 * default): next-auth's cookie decryption alone (what the check would cost without its cache of
 * decrypted cookies); the full check with the guard's answer from its one-second cache (what nearly
 * every request pays); and the full check asking the database (once per session per second per
 * process). Prints microseconds per call; asserts nothing.
 */
import type { IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import { decode } from "next-auth/jwt";
import { sessionFromRequest } from "@/server/auth/session";
import { createSessionGuard } from "@/server/auth/session-guard";
import { createMemoryEventBus } from "@/server/realtime/event-bus";
import { installTestSessionSecret, sessionCookie } from "@tests/support/api-server";
import { createTestDatabase } from "@tests/support/database";
import { makeUser } from "@tests/support/fixtures";

const CALLS = 2000;

async function timePerCall(label: string, call: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 200; i++) await call(); // warm up
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await call();
  const micros = ((performance.now() - started) * 1000) / CALLS;
  return `${label.padEnd(58)} ${micros.toFixed(0).padStart(6)} µs/call`;
}

async function main() {
  const secret = installTestSessionSecret();
  process.env.TEST_DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/postgres";
  const db = await createTestDatabase();
  const bus = createMemoryEventBus();
  try {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const cookie = await sessionCookie(user);
    const token = cookie.slice(cookie.indexOf("=") + 1);
    const req = { headers: { cookie } } as IncomingMessage;
    const cached = createSessionGuard({ prisma: db.prisma, bus });
    const uncached = createSessionGuard({ prisma: db.prisma, bus, cacheMs: 0 });
    const lines = [
      await timePerCall("cookie decryption alone, as next-auth does it on every call", () => decode({ token, secret })),
      await timePerCall("session check, answer from the 1 s cache (nearly every call)", () => sessionFromRequest(req, cached)),
      await timePerCall("session check, asking Postgres (once per session per second)", () => sessionFromRequest(req, uncached)),
    ];
    console.log(`Session check on ${CALLS} calls each (Postgres ${db.kind}, Node ${process.version}):`);
    for (const line of lines) console.log(`  ${line}`);
    cached.close();
    uncached.close();
  } finally {
    await bus.close();
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

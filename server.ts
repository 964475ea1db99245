/**
 * One Node process: Next.js pages, next-auth, and the messaging API (tRPC over HTTP and over
 * WebSocket at /api/ws) on one port. `npm run dev` runs it in development, `npm start` in
 * production after `npm run build`.
 */
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { seedDemoAccounts } from "./prisma/seed";
import { env, EnvError } from "./src/env";
import { createChatApp } from "./src/server/chat-app";
import { openDatabase } from "./src/server/db/open";
import { createMemoryEventBus } from "./src/server/realtime/event-bus";
import { createLocalImageStore } from "./src/server/storage/local-store";
import { createUploadThingImageStore } from "./src/server/storage/uploadthing-store";

async function main() {
  const config = env();
  const dev = config.NODE_ENV !== "production";
  // Next's bundle reads these through the same module; set them before it loads.
  process.env.NEXTAUTH_SECRET = config.NEXTAUTH_SECRET;
  // Without a configured public URL, next-auth builds its URLs from the request's host (it would
  // otherwise assume http://localhost:3000).
  if (!config.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "true";

  const db = await openDatabase();
  if (config.SEED_DEMO_ACCOUNTS) {
    const created = await seedDemoAccounts(db.prisma);
    if (created > 0) console.log(`Seeded ${created} demo account(s) (see README).`);
  }
  const bus = createMemoryEventBus();
  const images = config.UPLOADTHING_TOKEN
    ? createUploadThingImageStore(config.UPLOADTHING_TOKEN)
    : createLocalImageStore(path.join(config.dataDir, "uploads"));
  const chat = createChatApp({ db, bus, images, publicUrl: config.NEXTAUTH_URL, timeZone: config.APP_TIME_ZONE });

  const nextApp = next({ dev, port: config.PORT, dir: process.cwd() });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  const handleNextUpgrade = nextApp.getUpgradeHandler();

  const server = createServer((req, res) => {
    if (chat.handleRequest(req, res)) return;
    void handleNext(req, res);
  });
  server.on("upgrade", (req, socket, head) => {
    if (chat.handleUpgrade(req, socket, head)) return;
    void handleNextUpgrade(req, socket, head);
  });
  server.listen(config.PORT, () => {
    console.log(`Ready on http://localhost:${config.PORT} (${dev ? "development" : "production"}, database: ${db.kind}, bus: ${bus.kind}, images: ${images.kind})`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests, asking clients to reconnect…`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await chat.stopRealtime();
    await Promise.race([closed, new Promise((r) => setTimeout(r, 10_000))]);
    await bus.close();
    await db.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(error.message);
  else console.error("The server could not start:", error);
  process.exit(1);
});

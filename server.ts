/**
 * One Node process: Next.js pages, next-auth, and the messaging API (tRPC over HTTP and over
 * WebSocket at /api/ws, uploads) on one port. `npm run dev` runs it in development through tsx;
 * `npm run build` also compiles it to .next/glow-server/server.mjs (scripts/build-server.ts), which
 * `npm start` runs with plain node in production.
 */
import next from "next";
import { env, EnvError } from "./src/env";
import { logger } from "./src/server/log/logger";
import { startServerProcess } from "./src/server/server-process";

async function main() {
  const config = env();
  // Next's bundle reads these through the same module; set them before it loads.
  process.env.NEXTAUTH_SECRET = config.NEXTAUTH_SECRET;
  // Without a configured public URL, next-auth builds its URLs from the request's host (it would
  // otherwise assume http://localhost:3000).
  if (!config.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "true";

  await startServerProcess({
    pages: async () => {
      const app = next({ dev: config.NODE_ENV !== "production", port: config.PORT, dir: process.cwd() });
      await app.prepare();
      const handle = app.getRequestHandler();
      const upgrade = app.getUpgradeHandler();
      return {
        handle: (req, res) => void handle(req, res),
        upgrade: (req, socket, head) => void upgrade(req, socket, head),
      };
    },
  });
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) logger().fatal(error.message);
  else logger().fatal({ err: error }, "the server could not start");
  process.exit(1);
});

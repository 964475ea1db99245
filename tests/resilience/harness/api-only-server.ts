/**
 * An app process without the pages (no Next build needed): what the multi-process tests start,
 * stop and kill. Configured by the environment like server.ts.
 */
import { EnvError } from "@/env";
import { startServerProcess } from "@/server/server-process";

startServerProcess().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : "The server could not start:", error instanceof EnvError ? "" : error);
  process.exit(1);
});

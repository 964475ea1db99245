import type { Database } from "./connect";

export type { Database } from "./connect";

/**
 * One database per process, opened by the server (server.ts, or a script) with openDatabase().
 * Next's own bundle (the next-auth route, server components) loads this module separately and
 * finds the same instance on globalThis: the embedded PGlite allows one opener of its data
 * directory, and one pool is enough. Keeping the opening code out of this module keeps the
 * migration runner out of Next's bundle.
 */
const globalForDb = globalThis as typeof globalThis & { __glowDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  if (!globalForDb.__glowDatabase) {
    throw new Error("The database is not open: start the app with `npm run dev` or `npm start` (server.ts opens it).");
  }
  return globalForDb.__glowDatabase;
}

export function setDatabase(db: Promise<Database>): void {
  globalForDb.__glowDatabase = db;
}

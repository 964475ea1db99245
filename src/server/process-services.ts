import type { SessionGuard } from "@/server/auth/session-guard";
import type { Limits } from "@/server/limits";
import type { EventBus } from "@/server/realtime/event-bus";

/**
 * The process's event bus, session guard and limits, shared with Next's bundle (the next-auth route and
 * server components load their own copy of every module) through globalThis, as the database is
 * (db/index.ts). server-process.ts registers them before the pages start.
 */
export interface ProcessServices {
  bus: EventBus;
  sessions: SessionGuard;
  /** So a sign-in counts its failures in the same place (and Redis connection) as every other call. */
  limits: Limits;
}

const globalForServices = globalThis as typeof globalThis & { __glowServices?: ProcessServices };

export function registerProcessServices(services: ProcessServices): void {
  globalForServices.__glowServices = services;
}

export function processServices(): ProcessServices {
  const services = globalForServices.__glowServices;
  if (!services) throw new Error("The app's services are not running: start the app with `npm run dev` or `npm start` (server.ts).");
  return services;
}

import type { Limits } from "./limits";

/**
 * The process's limits, built once by the server (server-process.ts). Next's own bundle (the
 * next-auth route) loads this module separately and finds the same instance on globalThis, so a
 * sign-in counts in the same place as every other call, through the same Redis connection.
 */
const globalForLimits = globalThis as typeof globalThis & { __glowLimits?: Limits };

export function getProcessLimits(): Limits {
  if (!globalForLimits.__glowLimits) {
    throw new Error("The limits are not set up: start the app with `npm run dev` or `npm start` (server.ts builds them).");
  }
  return globalForLimits.__glowLimits;
}

export function setProcessLimits(limits: Limits): void {
  globalForLimits.__glowLimits = limits;
}

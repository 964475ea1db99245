import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** What every log line written while serving one request (or one socket call) carries. */
export interface RequestScope {
  requestId: string;
}

/**
 * One store for the process, kept on globalThis: Next's bundle (the next-auth route, server
 * components) loads its own copy of this module, and its lines must see the request id the
 * custom server put in scope around them.
 */
const globalForScope = globalThis as typeof globalThis & { __glowRequestScope?: AsyncLocalStorage<RequestScope> };
const store = (globalForScope.__glowRequestScope ??= new AsyncLocalStorage<RequestScope>());

/** Runs `work` with `requestId` on every line it (and whatever it starts) logs. */
export function runInRequestScope<T>(requestId: string, work: () => T): T {
  return store.run({ requestId }, work);
}

/** The request id in scope, if any. */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

/**
 * An id a client or proxy sent us is kept, so one id follows a request across systems, but only a
 * sane one: it lands in every log line and in a response header.
 */
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The incoming X-Request-Id when it is sane, a new random id otherwise. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && ACCEPTABLE_REQUEST_ID.test(header) ? header : randomUUID();
}

import { TRPCClientError } from "@trpc/client";

/**
 * The browser's one answer to "should this be tried again, and when?", asked by the outbox, the
 * thread loader, the socket's reconnect and every query. A failure is transient when the server
 * did not answer (the network, a restarting process), failed on its side (5xx), or said "not now"
 * (408, 429): those are retried with backoff, and nobody is told more than that the app is
 * waiting. Any other answer (4xx) is a refusal that asking again will not change: it is shown.
 */

/** 4xx answers that mean "later" rather than "no". */
const LATER_STATUSES = new Set([408, 429]);

/** The same, as tRPC codes, for an error that carries a code but no HTTP status. */
const LATER_CODES = new Set(["TIMEOUT", "TOO_MANY_REQUESTS", "INTERNAL_SERVER_ERROR", "NOT_IMPLEMENTED", "BAD_GATEWAY", "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT"]);

/** Backoff between attempts: 0.5 s, 1 s, 2 s … up to 10 s, each ±50 % so that clients spread out. */
export const BACKOFF = { firstMs: 500, maxMs: 10_000, jitter: 0.5 } as const;

/** A server's "retry after" longer than this is read as this (a timer cannot wait for ever). */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

interface ErrorData {
  httpStatus?: unknown;
  code?: unknown;
  retryAfterMs?: unknown;
}

const dataOf = (error: TRPCClientError<never>) => (error.data ?? undefined) as ErrorData | undefined;

/** The server's answer, if there was one: its HTTP status, or its tRPC code without a status. */
function answerOf(error: unknown): { status?: number; code?: string } | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = dataOf(error);
  if (typeof data?.httpStatus === "number") return { status: data.httpStatus };
  // A body that is not tRPC's (a proxy's error page) still has the response's status.
  const response = (error.meta as { response?: { status?: unknown } } | undefined)?.response;
  if (typeof response?.status === "number" && response.status > 0) return { status: response.status };
  if (typeof data?.code === "string") return { code: data.code };
  return null;
}

/** Whether trying again later may succeed (see above); false for a refusal to show the user. */
export function isTransient(error: unknown): boolean {
  const answer = answerOf(error);
  if (!answer) return true; // no answer at all: the network, or a server that is away
  if (answer.status !== undefined) return answer.status >= 500 || LATER_STATUSES.has(answer.status);
  return LATER_CODES.has(answer.code ?? "");
}

/** How long the server asked us to wait (`error.data.retryAfterMs`, sent with 429), if it did. */
export function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const value = dataOf(error)?.retryAfterMs;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.min(value, MAX_RETRY_AFTER_MS) : undefined;
}

/** The wait before attempt `attempt + 1`, counting failures in a row from 0. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, attempt));
  return base * (1 - BACKOFF.jitter + 2 * BACKOFF.jitter * random());
}

/** The wait after a transient failure: the backoff, or longer when the server asked for longer. */
export function retryDelay(attempt: number, error?: unknown, random: () => number = Math.random): number {
  return Math.max(retryAfterMs(error) ?? 0, backoffDelay(attempt, random));
}

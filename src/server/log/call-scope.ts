import { performance } from "node:perf_hooks";
import { logger } from "./logger";
import { runInRequestScope } from "./request-scope";

/** Where a call came from, as its context says. */
export interface CallScopeSource {
  /** The HTTP request's id, or the socket's (set when it was upgraded). */
  requestId: string | null;
  /** Set over a WebSocket: the context is the socket's, shared by its calls. */
  connectionId: string | null;
}

type CallResult = { ok: true; data: unknown } | { ok: false; error: { code: string } };

/** Calls made on each socket so far, to number them. */
const callsPerSocket = new WeakMap<CallScopeSource, number>();

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === "object" && value !== null && Symbol.asyncIterator in value;

/** The same stream, each step of it taken in `run` (a subscription's body runs when its items are asked for). */
async function* iteratedIn<T>(items: AsyncIterable<T>, run: <R>(work: () => R) => R): AsyncGenerator<T> {
  const iterator = run(() => items[Symbol.asyncIterator]());
  try {
    for (;;) {
      const step = await run(() => iterator.next());
      if (step.done) return;
      yield step.value;
    }
  } finally {
    await run(async () => iterator.return?.());
  }
}

/**
 * Runs one tRPC call and logs a debug line when it is answered (for a subscription: when its
 * stream starts): procedure, type, result code, duration. Never its input or output.
 *
 * Over HTTP the request's id is already in scope (request-log.ts). Over a WebSocket the frames
 * arrive outside any request, so each call gets its own id, the socket's with the call's number
 * ("<socket's id>.7"), for the call and, for a subscription, for every step of its stream.
 */
export async function inCallScope<R extends CallResult>(source: CallScopeSource, call: { path: string; type: string }, next: () => Promise<R>): Promise<R> {
  if (source.connectionId === null) return timed(call, next);
  const number = (callsPerSocket.get(source) ?? 0) + 1;
  callsPerSocket.set(source, number);
  const requestId = `${source.requestId ?? source.connectionId}.${number}`;
  const run = <T>(work: () => T) => runInRequestScope(requestId, work);
  const result = await run(() => timed(call, next));
  if (result.ok && isAsyncIterable(result.data)) return { ...result, data: iteratedIn(result.data, run) };
  return result;
}

async function timed<R extends CallResult>(call: { path: string; type: string }, next: () => Promise<R>): Promise<R> {
  const started = performance.now();
  const result = await next();
  const log = logger();
  if (!log.isLevelEnabled("debug")) return result;
  log.debug(
    {
      procedure: call.path,
      type: call.type,
      code: result.ok ? "OK" : result.error.code,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    },
    result.ok && call.type === "subscription" ? "subscription started" : "call answered",
  );
  return result;
}

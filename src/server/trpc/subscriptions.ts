import { tracked } from "@trpc/server";
import { toTRPCError } from "./errors";

/**
 * A domain stream as a tRPC subscription: each item tracked by its id, so a client that
 * reconnects resumes after the last one it got (its lastEventId). Errors are mapped here because,
 * once a subscription has started, they no longer pass through the procedure's middleware.
 */
export async function* trackedStream<T>(items: AsyncIterable<T>, idOf: (item: T) => string) {
  try {
    for await (const item of items) yield tracked(idOf(item), item);
  } catch (error) {
    throw toTRPCError(error);
  }
}

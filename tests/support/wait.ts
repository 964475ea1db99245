/**
 * Waiting with deadlines: nothing here asserts speed, but nothing waits forever either. A deadline
 * that passes fails with a sentence saying what never happened (and, when given, what was seen).
 */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DeadlineError extends Error {}

/**
 * Resolves with the promise, or fails after `ms` with "timed out after …ms waiting for <what>".
 * `what` may be a function, asked only then, so the sentence can say what had been seen by then.
 */
export function within<T>(promise: Promise<T>, what: string | (() => string), ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new DeadlineError(`timed out after ${ms} ms waiting for ${typeof what === "string" ? what : what()}`));
      }, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Polls `check` until it returns a value other than undefined/false (which it resolves with).
 * `describe` says what was seen last, for the failure message.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = options.describe ? `; last seen: ${options.describe()}` : "";
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : "";
      throw new DeadlineError(`timed out after ${options.timeoutMs} ms waiting for ${what}${seen}${cause}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/**
 * Waiting on something that changes by events (deliveries, acknowledgements) rather than by
 * polling: whoever changes it calls notify(), and each waiter looks again.
 */
export class Changes {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * Resolves once `condition` returns true (at once if it already does); fails when it throws,
   * or when the deadline passes.
   */
  until(condition: () => boolean, what: string | (() => string), ms = 10_000): Promise<void> {
    let check: () => void = () => {};
    const holds = new Promise<void>((resolve, reject) => {
      check = () => {
        try {
          if (!condition()) return;
          resolve();
        } catch (error) {
          reject(error);
        }
        this.waiters.delete(check);
      };
    });
    this.waiters.add(check);
    check();
    return within(holds, what, ms).finally(() => this.waiters.delete(check));
  }
}

/** Reads `count` items from a stream, failing with what arrived instead of hanging. */
export async function take<T>(iterator: AsyncIterator<T>, count: number, timeoutMs = 10_000): Promise<T[]> {
  const items: T[] = [];
  const deadline = Date.now() + timeoutMs;
  while (items.length < count) {
    const next = await within(iterator.next(), () => `${count} items (only ${items.length} arrived)`, Math.max(0, deadline - Date.now()));
    if (next.done) throw new Error(`stream ended after ${items.length} of ${count}`);
    items.push(next.value);
  }
  return items;
}

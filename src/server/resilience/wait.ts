/**
 * Waiting with deadlines: nothing here asserts speed, but nothing waits forever either. A deadline
 * that passes fails with a sentence saying what never happened (and, when given, what was seen).
 */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DeadlineError extends Error {}

/** Resolves with the promise, or fails after `ms` with "timed out after …ms waiting for <what>". */
export function within<T>(promise: Promise<T>, what: string, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineError(`timed out after ${ms} ms waiting for ${what}`)), ms);
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

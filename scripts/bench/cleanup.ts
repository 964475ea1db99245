/** Small helpers the benchmarks share: bounded concurrency, and undoing what a run started. */

/** Runs `task` for every item with at most `limit` in flight, keeping the results in order. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Things to undo at the end, newest first; also run on Ctrl-C so no server or database is left behind. */
export class Cleanup {
  private readonly steps: { label: string; run: () => Promise<unknown> }[] = [];
  private running: Promise<void> | undefined;

  add(label: string, run: () => Promise<unknown>): void {
    this.steps.push({ label, run });
  }

  runAll(log: (line: string) => void): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          log(`Cleanup: ${step.label} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}


/**
 * Runs a benchmark's body with a Cleanup that also runs on Ctrl-C or SIGTERM (then the process
 * exits 130 and this never resolves). Resolves with the body's result, or undefined when it
 * failed (the error is logged), once everything it registered is undone.
 */
export async function runWithCleanup<T>(body: (cleanup: Cleanup) => Promise<T>, log: (line: string) => void, undoing: string): Promise<T | undefined> {
  const cleanup = new Cleanup();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: cleaning up…`);
    void cleanup.runAll(log).finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  let result: T | undefined;
  try {
    result = await body(cleanup);
  } catch (error) {
    log(`Benchmark failed: ${(error as Error).stack ?? error}`);
  }
  log(`Cleaning up (${undoing})…`);
  await cleanup.runAll(log);
  if (interrupted) await new Promise<never>(() => {}); // the signal's handler ends the process
  return result;
}

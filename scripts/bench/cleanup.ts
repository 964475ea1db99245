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


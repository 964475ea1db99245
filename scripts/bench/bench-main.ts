/** The main of a one-shot benchmark: its flags, its body with a Cleanup, the total time and the exit code. */
import { performance } from "node:perf_hooks";
import { runWithCleanup, type Cleanup } from "./cleanup";
import { seconds } from "./report";

/**
 * Exits 2 on bad flags (with a pointer to --help), 1 when the body failed (its error is printed),
 * 0 otherwise: a missed target is a figure, not a failure.
 */
export async function runBenchmark<Options>(
  command: string,
  parseOptions: (argv: string[]) => Options,
  body: (options: Options, cleanup: Cleanup, log: (line: string) => void) => Promise<void>,
  undoing: (options: Options) => string,
): Promise<never> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n(npm run ${command} -- --help lists the flags)`);
    process.exit(2);
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = performance.now();
  let ok = false;
  await runWithCleanup(
    async (cleanup) => {
      await body(options, cleanup, log);
      ok = true;
    },
    log,
    undoing(options),
  );
  log(`Total ${seconds(performance.now() - started)}`);
  process.exit(ok ? 0 : 1);
}

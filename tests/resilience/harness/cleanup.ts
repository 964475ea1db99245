import { rmSync } from "node:fs";
import { reapIfKilled } from "@tests/support/reaper";

/**
 * Everything a resilience test starts (processes, servers, databases, data dirs) registers here:
 *
 * - releaseAll() (afterAll) takes it all down in order, even when the test failed half-way;
 * - the exit hook runs the synchronous fallback of whatever is left when the worker exits without
 *   afterAll;
 * - a detached reaper process, holding a pipe from this worker, runs each resource's reap commands
 *   when the pipe closes while the resource is still registered: the worker was killed (SIGKILL, a
 *   signal without handler), so neither of the above could run.
 */
interface Resource {
  name: string;
  /** Releases it the orderly way (stop, wait, remove) and deregisters it everywhere. */
  dispose: () => Promise<void>;
  /** Last resort from the exit hook: must be synchronous (SIGKILL, spawnSync, rmSync). */
  releaseSync: () => void;
}

const resources = new Set<Resource>();
let hooked = false;

function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const resource of [...resources].reverse()) {
      try {
        resource.releaseSync();
      } catch {
        // nothing more can be done on the way out
      }
    }
    resources.clear();
  });
}

/**
 * Registers a resource; the returned function releases it now and forgets it. `reap` are the
 * commands (argv arrays) that take it down from outside if this worker dies first.
 */
export function track(
  name: string,
  release: () => Promise<void>,
  releaseSync: () => void,
  reap: string[][] = [],
): () => Promise<void> {
  hookExit();
  const cancelReap = reapIfKilled(reap);
  const resource: Resource = {
    name,
    releaseSync,
    dispose: async () => {
      if (!resources.delete(resource)) return;
      try {
        await release();
      } finally {
        // Released (or given up on): the reaper must not act on it later, e.g. kill a reused pid.
        cancelReap();
      }
    },
  };
  resources.add(resource);
  return resource.dispose;
}

/** A temporary directory removed on release. */
export function trackDir(dir: string): () => Promise<void> {
  const remove = () => rmSync(dir, { recursive: true, force: true });
  return track(`dir ${dir}`, async () => remove(), remove, [["rm", "-rf", dir]]);
}

/**
 * Releases everything still registered, newest first (processes before the servers they use,
 * servers before their directories). Collects failures and reports them together at the end.
 */
export async function releaseAll(): Promise<void> {
  const failures: string[] = [];
  for (const resource of [...resources].reverse()) {
    if (!resources.has(resource)) continue;
    try {
      await resource.dispose();
    } catch (error) {
      failures.push(`${resource.name}: ${error instanceof Error ? error.message : String(error)}`);
      try {
        resource.releaseSync();
      } catch {
        // reported above
      }
    }
  }
  if (failures.length) throw new Error(`cleanup failed:\n  ${failures.join("\n  ")}`);
}

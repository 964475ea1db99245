import { defineConfig } from "vitest/config";
import unit from "./vitest.config";

/**
 * Resilience tests: real app processes, real Postgres, real Redis, real sockets, killed and
 * restarted on purpose. One file at a time (they start processes and servers of their own).
 * Run with: npx vitest run --config vitest.resilience.config.ts
 */
export default defineConfig({
  resolve: unit.resolve,
  test: {
    environment: "node",
    include: ["tests/resilience/**/*.resilience.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});

import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Resilience tests: real app processes, real Postgres, real Redis, real sockets, killed and
 * restarted on purpose. One file at a time (they start processes and servers of their own).
 * Run with: npx vitest run --config vitest.resilience.config.ts
 */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  test: {
    environment: "node",
    include: ["src/**/*.resilience.test.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});

import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src"), "@tests": path.resolve(import.meta.dirname, "tests") } },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts", "tests/**/*.test.ts"],
    // Real processes killed on purpose: run by vitest.resilience.config.ts, one file at a time.
    exclude: [...configDefaults.exclude, "**/*.resilience.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file opens its own database; two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
  },
});

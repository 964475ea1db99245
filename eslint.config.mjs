import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", "node_modules/**", "src/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      // env.ts is the only reader of process.env (tests, scripts and e2e support set it up for others).
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through env() in src/env.ts." },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/env.ts", "**/*.test.ts", "e2e/**", "scripts/**", "tests/**", "playwright.config.ts", "prisma.config.ts", "server.ts", "vitest.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;

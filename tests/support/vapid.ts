/**
 * VAPID settings for app processes that tests and benchmarks start with NODE_ENV=production, where
 * src/env.ts requires them: one key pair per run, shared by every process of it (as a deployment's
 * processes share theirs). Free of test-runner imports, so plain scripts can use it too.
 */
import { generateVapidKeys } from "@/env";

const keys = generateVapidKeys();

export const TEST_VAPID_ENV = {
  VAPID_PUBLIC_KEY: keys.publicKey,
  VAPID_PRIVATE_KEY: keys.privateKey,
  VAPID_SUBJECT: "mailto:tests@glow.example",
} as const;

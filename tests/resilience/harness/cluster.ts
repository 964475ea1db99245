import { afterAll, beforeAll, onTestFailed } from "vitest";
import { releaseAll } from "./cleanup";
import { migratePostgres } from "@/server/db/connect";
import { AppProcess, startApps } from "./processes";
import type { ThrowawayDatabase } from "@tests/support/database";
import { createTrackedDatabase, PrivatePostgres } from "./postgres";
import { PrivateRedis } from "./redis";

/**
 * Two (or more) app processes sharing one database and one private Redis: the deployment the
 * resilience tests break on purpose.
 */
export interface Cluster {
  database: ThrowawayDatabase;
  /** Set when the database lives on a private cluster the test may stop. */
  postgres: PrivatePostgres | null;
  redis: PrivateRedis;
  apps: AppProcess[];
}

export async function startCluster(options: { apps: string[]; privatePostgres?: boolean; env?: Record<string, string> }): Promise<Cluster> {
  const postgres = options.privatePostgres ? await PrivatePostgres.create() : null;
  const database = await createTrackedDatabase(postgres?.adminUrl);
  // Migrated once here, so the processes start on a ready schema (they would agree anyway).
  await migratePostgres(database.url);
  const redis = await PrivateRedis.start();
  const apps = await startApps(options.apps.map((name) => ({ name, databaseUrl: database.url, redisUrl: redis.url, env: options.env })));
  return { database, postgres, redis, apps };
}

/** On failure, prints what every process of the cluster wrote (and the servers' logs). */
export function showLogsOnFailure(cluster: () => Partial<Cluster> | undefined): void {
  onTestFailed(() => {
    const current = cluster();
    if (!current) return;
    const parts = (current.apps ?? []).map((app) => `--- app ${app.name} (port ${app.port}) ---\n${app.logs.text()}`);
    if (current.redis) parts.push(`--- redis (port ${current.redis.port}) ---\n${current.redis.logs.text()}`);
    if (current.postgres) parts.push(`--- postgres (port ${current.postgres.port}) ---\n${current.postgres.log()}`);
    console.error(`\n===== logs of the failed test =====\n${parts.join("\n")}\n===== end of logs =====`);
  });
}

/**
 * Starts a cluster before this test file's tests and releases everything (processes, Redis,
 * databases) after them; `onReady` receives the cluster once it is up.
 */
export function clusterForThisFile(options: Parameters<typeof startCluster>[0], onReady: (cluster: Cluster) => void): void {
  beforeAll(async () => onReady(await startCluster(options)));
  afterAll(releaseAll);
}

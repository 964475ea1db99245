/** What a benchmark ran on, printed with its figures: the machine, its load, the Postgres and its settings. */
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from "node:os";
import { queryOnce } from "@tests/support/database";

export const loadAverage = () => loadavg().map((l) => l.toFixed(2)).join(" ");

export function describeMachine(): string {
  const cpuList = cpus();
  return (
    `Machine: ${cpuList[0]?.model.trim() ?? "unknown CPU"} × ${cpuList.length} (available ${availableParallelism()}), ` +
    `${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${platform()} ${release()}, node ${process.version}, load average ${loadAverage()}`
  );
}

export async function describePostgres(url: string): Promise<string[]> {
  const [server] = await queryOnce<{ version: string }>(url, "SELECT version()");
  const settings = await queryOnce<{ name: string; setting: string; unit: string | null }>(
    url,
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit') ORDER BY name`,
  );
  return [`Postgres: ${server!.version}`, `  ${settings.map((s) => `${s.name}=${s.setting}${s.unit ?? ""}`).join("  ")}`];
}

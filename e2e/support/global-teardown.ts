/**
 * After the last spec, before Playwright stops the web server (its teardown runs plugins', the
 * web server's included, after the global teardown): the log scan. The launcher
 * (e2e/support/server.ts) stops the app and scans its log against the run's database; a leak, or
 * a log without the lines of the run's requests, fails the run.
 */
import { MIN_SECRET_LENGTH, scanProblems, type LogScanReport } from "@tests/support/log-scan";

export default async function globalTeardown(): Promise<void> {
  const controlPort = Number(process.env.E2E_PORT ?? "3100") + 1;
  const response = await fetch(`http://127.0.0.1:${controlPort}/scan-logs`, { method: "POST" });
  if (!response.ok) throw new Error(`The log scan could not run (HTTP ${response.status}): ${await response.text()}`);
  const report = (await response.json()) as LogScanReport & { logPath: string };
  console.log(
    `Log scan of ${report.logPath}: ${report.linesScanned} lines (${report.linesWithRequestId} with a request id), ${report.secretsChecked} texts checked (${report.secretsSkipped} shorter than ${MIN_SECRET_LENGTH} characters skipped), ${report.leaks.length} leaked.`,
  );
  const problems = scanProblems(report, report.logPath);
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

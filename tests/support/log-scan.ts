/**
 * The log scan: after a full e2e run, nothing the people of that run wrote or used to prove who
 * they are may be in the server's log, at any level. The e2e launcher (e2e/support/server.ts)
 * runs the server at LOG_LEVEL=trace with its output in a file, and scans it before it drops the
 * run's database (e2e/support/global-teardown.ts asks it to, and fails the run on a leak). Free
 * of test-runner imports: the launcher is a plain script.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";

/** Something that must never be in a log line, and what it is (for the report). */
export interface Secret {
  kind: string;
  value: string;
}

export interface Leak extends Secret {
  /** The first log line (1-based) that holds it. */
  line: number;
}

export interface LogScanReport {
  linesScanned: number;
  /** Lines carrying a request id: proof the scan read the lines of real requests. */
  linesWithRequestId: number;
  /** Distinct values looked for. */
  secretsChecked: number;
  /** Distinct values too short to look for (see MIN_SECRET_LENGTH). */
  secretsSkipped: number;
  leaks: Leak[];
}

/**
 * Shorter values are not looked for: "Hello", "Ready" or "90" turn up in any log by chance (in a
 * word, a timestamp, an id), so finding them would prove nothing.
 */
export const MIN_SECRET_LENGTH = 6;

/** Fewer lines with a request id than this, and the scan did not read a real run's log. */
export const MIN_LINES_WITH_REQUEST_ID = 20;

/** Markers of a session cookie or a bearer token, whatever its value. */
export const CREDENTIAL_MARKERS: Secret[] = [
  { kind: "session cookie", value: "next-auth.session-token=" },
  { kind: "CSRF cookie", value: "next-auth.csrf-token=" },
  { kind: "bearer token", value: "Bearer " },
];

/**
 * Every text the people of the run wrote, and where they can be reached: message texts (as shown
 * and as written), booking and report notes, emails, push subscription endpoints and keys.
 */
export async function secretsInDatabase(prisma: PrismaClient): Promise<Secret[]> {
  const columns: Array<[kind: string, sql: string]> = [
    ["message text", `SELECT "text" AS value FROM "Message"`],
    ["message text as written", `SELECT "originalText" AS value FROM "Message"`],
    ["email", `SELECT "email" AS value FROM "User"`],
    ["push endpoint", `SELECT "endpoint" AS value FROM "PushSubscription"`],
    ["push key", `SELECT "p256dh" AS value FROM "PushSubscription" UNION ALL SELECT "auth" FROM "PushSubscription"`],
    ["booking note", `SELECT "note" AS value FROM "Booking" UNION ALL SELECT "originalNote" FROM "Booking"`],
    ["report note", `SELECT "note" AS value FROM "Report" UNION ALL SELECT "resolutionNote" FROM "Report"`],
  ];
  const secrets: Secret[] = [];
  for (const [kind, sql] of columns) {
    const rows = await prisma.$queryRawUnsafe<Array<{ value: string | null }>>(sql);
    for (const { value } of rows) if (value) secrets.push({ kind, value });
  }
  return secrets;
}

/** Every string literal a spec types into a field (`.fill("…")`): messages, notes, names, passwords. */
export function textsTypedBySpecs(e2eDir: string): Secret[] {
  const literal = /\.fill\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g;
  const secrets: Secret[] = [];
  for (const file of readdirSync(e2eDir, { recursive: true, encoding: "utf8" })) {
    if (!file.endsWith(".ts")) continue;
    const source = readFileSync(path.join(e2eDir, file), "utf8");
    for (const match of source.matchAll(literal)) {
      const value = match[1] ?? match[2] ?? "";
      secrets.push({ kind: `text typed in ${file}`, value: value.replace(/\\(.)/g, "$1") });
    }
  }
  return secrets;
}

/** The ways a value can appear in a JSON log line: as is, JSON-escaped, or URL-encoded (a path). */
function formsOf(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])].map((form) => form.toLowerCase());
}

/**
 * Scans the log for every secret (case-insensitively: an email typed in capitals is the same
 * email), skipping those shorter than MIN_SECRET_LENGTH.
 */
export function scanLog(log: string, secrets: readonly Secret[]): LogScanReport {
  const lines = log.split("\n").filter((line) => line.length > 0);
  const haystack = log.toLowerCase();
  const distinct = new Map<string, Secret>();
  for (const secret of secrets) if (!distinct.has(secret.value)) distinct.set(secret.value, secret);
  let skipped = 0;
  const leaks: Leak[] = [];
  for (const secret of distinct.values()) {
    if (secret.value.trim().length < MIN_SECRET_LENGTH) {
      skipped++;
      continue;
    }
    for (const form of formsOf(secret.value)) {
      const at = haystack.indexOf(form);
      if (at === -1) continue;
      leaks.push({ ...secret, line: lineNumberAt(log, at) });
      break;
    }
  }
  return {
    linesScanned: lines.length,
    linesWithRequestId: lines.filter((line) => /"requestId":"[^"]+"/.test(line)).length,
    secretsChecked: distinct.size - skipped,
    secretsSkipped: skipped,
    leaks,
  };
}

function lineNumberAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** What is wrong with a run's scan, as sentences; empty when it passed. */
export function scanProblems(report: LogScanReport, logPath: string): string[] {
  const problems: string[] = [];
  if (report.leaks.length > 0) {
    const listed = report.leaks.map((leak) => `  ${leak.kind}: ${JSON.stringify(leak.value)} (line ${leak.line})`);
    problems.push(`The server's log (${logPath}) holds ${report.leaks.length} value(s) it must never hold:\n${listed.join("\n")}`);
  }
  if (report.linesWithRequestId < MIN_LINES_WITH_REQUEST_ID) {
    problems.push(
      `The server's log (${logPath}) has ${report.linesWithRequestId} line(s) with a request id (of ${report.linesScanned}); at least ${MIN_LINES_WITH_REQUEST_ID} were expected, so the scan did not read the lines of the run's requests.`,
    );
  }
  return problems;
}

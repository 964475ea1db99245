import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { callerFor, conversationPair } from "./fixtures";
import { CREDENTIAL_MARKERS, MIN_LINES_WITH_REQUEST_ID, scanLog, scanProblems, secretsInDatabase, textsTypedBySpecs, type Secret } from "./log-scan";
import { memoryLogger } from "./memory-log";
import { databaseForThisFile } from "./test-file";

const { db, bus } = databaseForThisFile();

/** A log as the server writes it: JSON lines, some with a request id. */
function serverLog(extraLines: string[] = []): string {
  const { log, written } = memoryLogger("trace");
  for (let i = 0; i < MIN_LINES_WITH_REQUEST_ID; i++) {
    log.child({ requestId: `req-${i}` }).info({ method: "POST", path: "/api/trpc/message.send", status: 200, durationMs: 3.2 }, "request finished");
  }
  log.info({ port: 3000 }, "ready on http://localhost:3000");
  return written.join("") + extraLines.map((line) => `${line}\n`).join("");
}

describe("the e2e log scan", () => {
  it("finds a planted leak of each kind, as is, JSON-escaped, URL-encoded or in other capitals, and names its line", () => {
    const secrets: Secret[] = [
      { kind: "message text", value: 'She said "meet at 10" \\ ok' },
      { kind: "email", value: "customer-1a2b@e2e.example" },
      { kind: "push endpoint", value: "http://127.0.0.1:4412/notify/abc123" },
      { kind: "booking note", value: "12 Rose Street, 2nd floor" },
      ...CREDENTIAL_MARKERS,
    ];
    const log = serverLog([
      JSON.stringify({ level: "error", msg: `failed for ${secrets[0]!.value}` }),
      JSON.stringify({ level: "info", msg: "signed in CUSTOMER-1A2B@E2E.EXAMPLE" }),
      JSON.stringify({ level: "info", path: `/api/push/${encodeURIComponent(secrets[2]!.value)}` }),
      "plain text: 12 Rose Street, 2nd floor",
      JSON.stringify({ level: "debug", msg: "cookie next-auth.session-token=eyJhbGciOi" }),
      JSON.stringify({ level: "debug", msg: "authorization: Bearer abc" }),
    ]);
    const report = scanLog(log, secrets);
    const base = MIN_LINES_WITH_REQUEST_ID + 1;
    expect(report.leaks.map((leak) => [leak.kind, leak.line])).toEqual([
      ["message text", base + 1],
      ["email", base + 2],
      ["push endpoint", base + 3],
      ["booking note", base + 4],
      ["session cookie", base + 5],
      ["bearer token", base + 6],
    ]);
    expect(report.secretsChecked).toBe(secrets.length);
    expect(scanProblems(report, "e2e-server.log")[0]).toMatch(/^The server's log \(e2e-server.log\) holds 6 value\(s\) it must never hold:\n {2}message text: /);
  });

  it("passes a clean log with enough request lines, and skips values too short to prove anything", () => {
    const report = scanLog(serverLog(), [
      { kind: "message text", value: "Hello" },
      { kind: "message text", value: "90" },
      { kind: "message text", value: "A private question about Saturday" },
      { kind: "message text", value: "A private question about Saturday" },
    ]);
    expect(report).toEqual({ linesScanned: MIN_LINES_WITH_REQUEST_ID + 1, linesWithRequestId: MIN_LINES_WITH_REQUEST_ID, secretsChecked: 1, secretsSkipped: 2, leaks: [] });
    expect(scanProblems(report, "e2e-server.log")).toEqual([]);
  });

  it("fails a log without enough lines of requests: the scan must have read a real run", () => {
    const report = scanLog(JSON.stringify({ level: "info", msg: "ready" }) + "\n", []);
    expect(scanProblems(report, "e2e-server.log")).toEqual([
      `The server's log (e2e-server.log) has 0 line(s) with a request id (of 1); at least ${MIN_LINES_WITH_REQUEST_ID} were expected, so the scan did not read the lines of the run's requests.`,
    ]);
  });

  it("reads the texts, notes, emails and push endpoints and keys of the database", async () => {
    const { customer, artist, conversationId } = await conversationPair(db, bus);
    const asCustomer = callerFor(db, bus, customer);
    await asCustomer.message.send({ conversationId, clientId: randomUUID(), text: "Write to me at hidden.person@example.org please" });
    const service = await callerFor(db, bus, artist).service.create({ name: "Bridal makeup", durationMinutes: 90, priceCents: 12_000 });
    await asCustomer.booking.create({ serviceId: service.id, startsAt: new Date(Date.now() + 7 * 86_400_000), note: "Side entrance, second bell" });
    await db.prisma.pushSubscription.create({
      data: { userId: customer.id, endpoint: `https://fcm.googleapis.com/fcm/send/${randomUUID()}`, p256dh: "BPublicKeyOfTheBrowser0123456789", auth: "authSecret0123456" },
    });
    const secrets = await secretsInDatabase(db.prisma);
    const values = (kind: string) => secrets.filter((secret) => secret.kind === kind).map((secret) => secret.value);
    expect(values("message text as written")).toContain("Write to me at hidden.person@example.org please");
    expect(values("message text").some((text) => text.startsWith("Write to me at") && !text.includes("hidden.person"))).toBe(true);
    expect(values("booking note")).toContain("Side entrance, second bell");
    expect(values("email")).toEqual(expect.arrayContaining([customer.email, artist.email]));
    expect(values("push endpoint")).toEqual([expect.stringMatching(/^https:\/\/fcm\.googleapis\.com\/fcm\/send\//)]);
    expect(values("push key")).toEqual(["BPublicKeyOfTheBrowser0123456789", "authSecret0123456"]);
  });

  it("reads the texts the specs type, passwords included", () => {
    const typed = textsTypedBySpecs(path.resolve("e2e")).map((secret) => secret.value);
    expect(typed).toEqual(expect.arrayContaining(["a long enough password", "a brand new password", "Hi! Are you free on Saturday for a bridal look?"]));
  });
});

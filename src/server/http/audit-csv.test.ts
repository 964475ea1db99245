import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_CSV_COLUMNS } from "@/server/services/admin/audit";
import { sessionCookie } from "@tests/support/api-server";
import { callerFor, makeUser, writeAuditEntries, type TestUser } from "@tests/support/fixtures";
import { sleep } from "@tests/support/wait";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";

const { db, bus } = databaseForThisFile();
const server = apiServerForThisFile({ db, bus });

let admin: TestUser;
let otherAdmin: TestUser;
let customer: TestUser;
let artist: TestUser;
/** Suspended and let back in by two admins before the tests. */
let suspended: TestUser;

beforeAll(async () => {
  admin = await makeUser(db.prisma, "ADMIN");
  otherAdmin = await makeUser(db.prisma, "ADMIN");
  customer = await makeUser(db.prisma, "CUSTOMER");
  artist = await makeUser(db.prisma, "ARTIST");
  suspended = await makeUser(db.prisma, "ARTIST");
  // A few milliseconds apart, so that "newest first" has one answer.
  await callerFor(db, bus, admin).admin.users.suspend({ userId: suspended.id, reason: 'Dispute #12, "no-show"', days: 2 });
  await sleep(5);
  await callerFor(db, bus, otherAdmin).admin.users.unsuspend({ userId: suspended.id });
  await sleep(5);
  await callerFor(db, bus, otherAdmin).admin.keywords.add({ term: "scam", action: "BLOCK" });
  await sleep(5);
});

const HEADER = AUDIT_CSV_COLUMNS.join(",");

async function download(user: TestUser | null, query = "", init: RequestInit = {}) {
  const headers: Record<string, string> = { "user-agent": "CSV test runner", ...(user ? { cookie: await sessionCookie(user) } : {}) };
  return fetch(`${server.url}/api/admin/audit.csv${query}`, { ...init, headers });
}

/** The CSV's lines (CRLF-separated; no field here holds a line break), header first. */
async function linesOf(response: Response): Promise<string[]> {
  const body = await response.text();
  expect(body.endsWith("\r\n")).toBe(true);
  return body.slice(0, -2).split("\r\n");
}

describe("GET /api/admin/audit.csv", () => {
  it("is refused signed out (401) and to customers and artists (403), with a sentence and no entry written", async () => {
    const entries = await db.prisma.auditEntry.count();
    const anonymous = await download(null);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "Sign in to continue." });
    for (const user of [customer, artist]) {
      const refused = await download(user);
      expect(refused.status).toBe(403);
      expect(refused.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await refused.json()).toEqual({ error: "Only Glow support can do this." });
    }
    expect(await db.prisma.auditEntry.count()).toBe(entries);
  });

  it("only answers GET", async () => {
    const response = await download(admin, "", { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });

  it("gives an admin the whole trail as CSV, newest first, its own download first of all", async () => {
    const response = await download(admin);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="glow-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");

    const [header, ...rows] = await linesOf(response);
    expect(header).toBe("time,admin_id,admin_email,action,target_type,target_id,reason,ip,user_agent,details");
    expect(rows.map((row) => row.split(",")[3])).toEqual(["audit.export", "keyword.add", "user.unsuspend", "user.suspend"]);
    expect(rows[0]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z,${admin.id},${admin.email},audit\\.export,audit,,,127\\.0\\.0\\.1,CSV test runner,\\{\\}$`));
    expect(rows[3]).toContain(`,${admin.id},${admin.email},user.suspend,user,${suspended.id},"Dispute #12, ""no-show""",,,"{""days"":2}"`);
  });

  it("filters by admin and by target, and records the filters it was asked for", async () => {
    const byOther = await linesOf(await download(admin, `?adminId=${otherAdmin.id}`));
    expect(byOther.slice(1).map((row) => row.split(",")[3])).toEqual(["keyword.add", "user.unsuspend"]);

    const aboutArtist = await linesOf(await download(admin, `?targetId=${suspended.id}`));
    expect(aboutArtist[0]).toBe(HEADER);
    expect(aboutArtist.slice(1).map((row) => row.split(",").slice(1, 4).join(","))).toEqual([
      `${otherAdmin.id},${otherAdmin.email},user.unsuspend`,
      `${admin.id},${admin.email},user.suspend`,
    ]);

    const both = await linesOf(await download(admin, `?adminId=${admin.id}&targetId=${suspended.id}`));
    expect(both.slice(1).map((row) => row.split(",")[3])).toEqual(["user.suspend"]);

    const exports = await db.prisma.auditEntry.findMany({ where: { action: "audit.export" } });
    for (const filter of [{ adminId: otherAdmin.id }, { targetId: suspended.id }, { adminId: admin.id, targetId: suspended.id }]) {
      expect(exports.filter((e) => JSON.stringify(e.details) === JSON.stringify(filter))).toEqual([
        expect.objectContaining({ adminId: admin.id, targetType: "audit", targetId: null, ip: "127.0.0.1", userAgent: "CSV test runner" }),
      ]);
    }
  });

  it("refuses a malformed filter with 400, before recording or reading anything", async () => {
    const entries = await db.prisma.auditEntry.count();
    const badAdmin = await download(admin, "?adminId=not%20an%20id");
    expect(badAdmin.status).toBe(400);
    expect(await badAdmin.json()).toEqual({ error: "adminId: must be an admin's id." });
    const badTarget = await download(admin, `?targetId=${"x".repeat(65)}`);
    expect(badTarget.status).toBe(400);
    expect(await db.prisma.auditEntry.count()).toBe(entries);
  });

  it("streams a trail longer than one page of reading, every entry once", async () => {
    const bulk = await makeUser(db.prisma, "ADMIN");
    await writeAuditEntries(db.prisma, bulk, Array.from({ length: 1_100 }, (_, i) => ({ details: { i } })));
    const rows = (await linesOf(await download(admin, `?adminId=${bulk.id}`))).slice(1);
    expect(rows).toHaveLength(1_100);
    const numbers = rows.map((row) => Number(/"\{""i"":(\d+)\}"$/.exec(row)![1]));
    expect(numbers).toEqual(Array.from({ length: 1_100 }, (_, k) => 1_099 - k));
  });

  it("someone no longer an admin, whose session token still says so, gets 403 and no file", async () => {
    const leaving = await makeUser(db.prisma, "ADMIN");
    const cookie = await sessionCookie(leaving);
    // The token was minted while they were an admin; the entry, written only for an admin's row, cannot be.
    await db.prisma.$executeRaw`UPDATE "User" SET role = 'CUSTOMER' WHERE id = ${leaving.id}`;
    const response = await fetch(`${server.url}/api/admin/audit.csv`, { headers: { cookie } });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await db.prisma.auditEntry.count({ where: { adminId: leaving.id } })).toBe(0);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, callerFrom, failure, makeUser, NO_SUCH_ID, writeAuditEntries, type TestUser } from "@tests/support/fixtures";
import { AUDIT_PAGE_SIZE, auditCsvLine, csvField, recordAudit, type AdminActor } from "./audit";

const { db, bus } = databaseForThisFile();

let admin: TestUser;
const actorOf = (user: TestUser): AdminActor => ({ id: user.id, ip: null, userAgent: null });

beforeAll(async () => {
  admin = await makeUser(db.prisma, "ADMIN");
});

/** Runs SQL with a temporary trigger on `table` that raises, then removes it. */
async function withFailingInsert<T>(table: string, run: () => Promise<T>): Promise<T> {
  await db.prisma.$executeRawUnsafe(`CREATE FUNCTION test_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
  await db.prisma.$executeRawUnsafe(`CREATE TRIGGER test_refuse_insert BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION test_refuse_insert()`);
  try {
    return await run();
  } finally {
    await db.prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_insert ON "${table}"`);
    await db.prisma.$executeRawUnsafe(`DROP FUNCTION test_refuse_insert()`);
  }
}

describe("the audit trail is append-only in the database", () => {
  let entryId: string;
  beforeAll(async () => {
    await recordAudit(db.prisma, actorOf(admin), { action: "test.entry", targetType: "user", targetId: admin.id, reason: "kept for ever" });
    ({ id: entryId } = await db.prisma.auditEntry.findFirstOrThrow({ where: { action: "test.entry" } }));
  });

  it("the tests' connection is a superuser, whom no privilege binds", async () => {
    const [role] = await db.prisma.$queryRaw<{ superuser: boolean }[]>`SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user`;
    expect(role).toEqual({ superuser: true });
  });

  it.each([
    ["UPDATE", "in SQL", () => db.prisma.$executeRawUnsafe(`UPDATE "AuditEntry" SET "reason" = 'rewritten' WHERE id = '${entryId}'`)],
    ["UPDATE", "through Prisma", () => db.prisma.auditEntry.updateMany({ data: { adminEmail: "someone-else@test.example" } })],
    ["DELETE", "in SQL", () => db.prisma.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE id = '${entryId}'`)],
    ["DELETE", "through Prisma", () => db.prisma.auditEntry.deleteMany({})],
    ["TRUNCATE", "in SQL", () => db.prisma.$executeRawUnsafe(`TRUNCATE "AuditEntry"`)],
  ] as const)("%s %s fails, even for a superuser, and the entries stay as written", async (operation, _how, run) => {
    const before = await db.prisma.auditEntry.findMany({ orderBy: { id: "asc" } });
    const error = await run().then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(`The audit trail is append-only: ${operation} on "AuditEntry" is not allowed`);
    expect(await db.prisma.auditEntry.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect(before.find((e) => e.id === entryId)).toMatchObject({ reason: "kept for ever", adminEmail: admin.email });
  });

  it("entries outlive the admin's account and what they were about", async () => {
    const leaving = await makeUser(db.prisma, "ADMIN");
    const target = await makeUser(db.prisma, "CUSTOMER");
    await callerFor(db, bus, leaving).admin.users.suspend({ userId: target.id, reason: "Before both accounts go" });
    await db.prisma.user.delete({ where: { id: target.id } });
    await db.prisma.user.delete({ where: { id: leaving.id } });
    expect(await db.prisma.auditEntry.findMany({ where: { adminId: leaving.id } })).toEqual([
      expect.objectContaining({ adminEmail: leaving.email, action: "user.suspend", targetId: target.id, reason: "Before both accounts go" }),
    ]);
    const listed = await callerFor(db, bus, admin).admin.audit.list({ adminId: leaving.id });
    expect(listed.items).toEqual([expect.objectContaining({ adminEmail: leaving.email, targetId: target.id })]);
  });

  it("only an admin's account can write an entry", async () => {
    const customer = await makeUser(db.prisma, "CUSTOMER");
    for (const actor of [actorOf(customer), { id: NO_SUCH_ID, ip: null, userAgent: null }]) {
      expect(await failure(recordAudit(db.prisma, actor, { action: "test.forged", targetType: "user", targetId: null }))).toEqual({
        code: "FORBIDDEN",
        message: "Only Glow support can do this.",
      });
    }
    expect(await db.prisma.auditEntry.count({ where: { action: "test.forged" } })).toBe(0);
  });
});

describe("keyword changes are recorded in the same transaction as the change", () => {
  const keywords = () => callerFrom(db, bus, admin, { clientIp: "198.51.100.4", userAgent: "Keyword tester" }).admin.keywords;

  it("add, import and remove each write one entry, with the address and browser", async () => {
    const added = await keywords().add({ term: "Scamster", action: "BLOCK" });
    const imported = await keywords().import({ terms: ["fraudster", "  ", "FRAUDSTER", "con artist"], action: "FLAG" });
    expect(imported).toEqual({ added: 2, updated: 0, skipped: [{ term: "FRAUDSTER", reason: 'the same term as "fraudster"' }] });
    await keywords().remove({ id: added.id });

    // (One per call; sorted by action, which here is also the order they were made in.)
    const entries = await db.prisma.auditEntry.findMany({ where: { action: { startsWith: "keyword." } }, orderBy: { action: "asc" } });
    expect(entries.map((e) => ({ action: e.action, targetId: e.targetId, details: e.details, ip: e.ip, userAgent: e.userAgent }))).toEqual([
      { action: "keyword.add", targetId: null, details: { term: "Scamster", action: "BLOCK" }, ip: "198.51.100.4", userAgent: "Keyword tester" },
      { action: "keyword.import", targetId: null, details: { action: "FLAG", terms: 2 }, ip: "198.51.100.4", userAgent: "Keyword tester" },
      { action: "keyword.remove", targetId: added.id, details: null, ip: "198.51.100.4", userAgent: "Keyword tester" },
    ]);
    for (const { id } of await keywords().list()) await keywords().remove({ id });
  });

  it("an import that fails part-way adds no term and writes no entry", async () => {
    const entries = await db.prisma.auditEntry.count();
    await withFailingInsert("Keyword", async () => {
      expect(await failure(keywords().import({ terms: ["swindler", "grifter"], action: "BLOCK" }))).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
      expect(await failure(keywords().add({ term: "swindler", action: "BLOCK" }))).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    });
    expect(await db.prisma.auditEntry.count()).toBe(entries);
    expect(await db.prisma.keyword.count()).toBe(0);
  });

  it("a change whose entry cannot be written does not happen", async () => {
    const kept = await keywords().add({ term: "keepme", action: "MASK" });
    await withFailingInsert("AuditEntry", async () => {
      expect(await failure(keywords().add({ term: "unrecorded", action: "BLOCK" }))).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
      expect(await failure(keywords().import({ terms: ["unrecorded", "also unrecorded"], action: "BLOCK" }))).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
      expect(await failure(keywords().remove({ id: kept.id }))).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    });
    expect((await keywords().list()).map((k) => k.term)).toEqual(["keepme"]);
    await keywords().remove({ id: kept.id });
  });

  it("removing a term that is not there is NOT_FOUND, and nothing is recorded", async () => {
    const entries = await db.prisma.auditEntry.count();
    expect(await failure(keywords().remove({ id: NO_SUCH_ID }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db.prisma.auditEntry.count()).toBe(entries);
  });
});

describe("admin.audit.list", () => {
  it("lists newest first, filtered by admin and by target, a page at a time", async () => {
    const busy = await makeUser(db.prisma, "ADMIN");
    const quiet = await makeUser(db.prisma, "ADMIN");
    const target = await makeUser(db.prisma, "CUSTOMER");
    await writeAuditEntries(
      db.prisma,
      busy,
      Array.from({ length: AUDIT_PAGE_SIZE + 5 }, (_, k) => ({ targetId: (k + 1) % 5 === 0 ? target.id : null, details: { i: k + 1 } })),
    );
    await recordAudit(db.prisma, actorOf(quiet), { action: "test.page", targetType: "user", targetId: target.id, details: { i: 0 } });
    const list = callerFor(db, bus, admin).admin.audit.list;

    const first = await list({ adminId: busy.id });
    expect(first.items).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.nextCursor).toBe(first.items.at(-1)!.id);
    const second = await list({ adminId: busy.id, cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.map((e) => (e.details as { i: number }).i)).toEqual(Array.from({ length: AUDIT_PAGE_SIZE + 5 }, (_, k) => AUDIT_PAGE_SIZE + 5 - k));
    expect(all.every((e) => e.adminId === busy.id && e.adminEmail === busy.email)).toBe(true);

    const aboutTarget = await list({ targetId: target.id });
    expect(aboutTarget.items.map((e) => [e.adminId, (e.details as { i: number }).i])).toEqual([
      [quiet.id, 0],
      ...[55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5].map((i) => [busy.id, i]),
    ]);
    expect((await list({ adminId: quiet.id, targetId: target.id })).items).toHaveLength(1);
    expect(await list({ adminId: NO_SUCH_ID })).toEqual({ items: [], nextCursor: null });
  });
});

describe("csvField and auditCsvLine", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["carriage\rreturn", '"carriage\rreturn"'],
    ["=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\""],
    ["+1 555 0100", "'+1 555 0100"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tindented", "'\tindented"],
    ["\r=1+1", "\"'\r=1+1\""],
    ["a=b", "a=b"],
  ])("%j is written %j", (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it("null is an empty field", () => {
    expect(csvField(null)).toBe("");
  });

  it("a line holds every column in order, each escaped, with details as JSON", () => {
    const line = auditCsvLine({
      id: "e1",
      adminId: "a1",
      adminEmail: "support@glow.example",
      action: "conversation.view",
      targetType: "conversation",
      targetId: "c1",
      reason: 'Dispute #9, "no-show"',
      details: { beforeSeq: null },
      ip: null,
      userAgent: "=cmd|' /C calc'!A0",
      createdAt: new Date("2031-03-17T14:05:00.000Z"),
    });
    expect(line).toBe(
      `2031-03-17T14:05:00.000Z,a1,support@glow.example,conversation.view,conversation,c1,"Dispute #9, ""no-show""",,'=cmd|' /C calc'!A0,"{""beforeSeq"":null}"`,
    );
  });
});

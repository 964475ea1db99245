// The maintenance pass on a real database, travelling in time by the dates rows are written with
// and the `now` the pass is given, never by waiting.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlQueryOf } from "@/server/db/query";
import { listMessages } from "@/server/services/messages";
import { createLocalImageStore } from "@/server/storage/local-store";
import type { ImageStore } from "@/server/storage/image-store";
import { conversationPair, makeUser, type TestUser } from "@tests/support/fixtures";
import { databaseForThisFile } from "@tests/support/test-file";
import { startMaintenanceJob, MAINTENANCE_QUEUE } from "./maintenance-job";
import { listPartitions, type PartitionedTable } from "./partitions";
import { runMaintenance, type MaintenanceOptions } from "./run-maintenance";

const { db, bus } = databaseForThisFile();
let imagesDir: string;
let images: ImageStore;
const logged: string[] = [];

beforeAll(() => {
  imagesDir = mkdtempSync(path.join(tmpdir(), "glow-maintenance-test-"));
  images = createLocalImageStore(imagesDir);
});
afterAll(() => rmSync(imagesDir, { recursive: true, force: true }));

const KEEP_EVERYTHING = 36_500;

function options(more: Partial<MaintenanceOptions> = {}): MaintenanceOptions {
  return {
    retentionDays: KEEP_EVERYTHING,
    auditRetentionDays: KEEP_EVERYTHING,
    images,
    log: (message) => logged.push(message),
    ...more,
  };
}

const sql = () => sqlQueryOf(db);

async function partitionNames(table: PartitionedTable): Promise<string[]> {
  const { months } = await listPartitions(sql(), table);
  return months.map((m) => m.name);
}

/** Which partition holds the message. */
async function partitionOf(messageId: string): Promise<string | undefined> {
  const [row] = await sql()<{ partition: string }>(`SELECT c.relname AS partition FROM "Message" m JOIN pg_class c ON c.oid = m.tableoid WHERE m."id" = $1`, [messageId]);
  return row?.partition;
}

/** A message written at `createdAt` with the conversation's next seq, as the send path would. */
async function messageAt(conversationId: string, sender: TestUser, text: string, createdAt: Date) {
  const { lastSeq } = await db.prisma.conversation.update({ where: { id: conversationId }, data: { lastSeq: { increment: 1 } } });
  return db.prisma.message.create({ data: { conversationId, senderId: sender.id, seq: lastSeq, text, createdAt } });
}

async function photoOf(messageId: string, conversationId: string, uploader: TestUser) {
  const fullKey = await images.put("photo", Buffer.from("full bytes"), "image/jpeg");
  const thumbKey = await images.put("thumb", Buffer.from("thumb bytes"), "image/jpeg");
  return db.prisma.upload.create({
    data: {
      conversationId,
      uploaderId: uploader.id,
      messageId,
      storage: images.kind,
      fullKey,
      thumbKey,
      mime: "image/jpeg",
      width: 10,
      height: 10,
      thumbMime: "image/jpeg",
      thumbWidth: 10,
      thumbHeight: 10,
      bytes: 10,
    },
  });
}

describe("partitions ahead", () => {
  it("makes the current month and three ahead of each table, once", async () => {
    const now = new Date("2031-05-10T12:00:00Z");
    const first = await runMaintenance(db, options({ now }));
    for (const table of ["Message", "AuditEntry"] as const) {
      expect(await partitionNames(table)).toEqual(expect.arrayContaining([`${table}_2031_05`, `${table}_2031_06`, `${table}_2031_07`, `${table}_2031_08`]));
      expect(first.created).toContain(`${table}_2031_08`);
    }
    const second = await runMaintenance(db, options({ now }));
    expect(second.created).toEqual([]);
  });

  it("moves rows that the DEFAULT partition caught into their own month", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const stray = await messageAt(conversationId, customer, "written in a month with no partition", new Date("2019-03-05T08:00:00Z"));
    expect(await partitionOf(stray.id)).toBe("Message_default");

    const report = await runMaintenance(db, options());

    expect(report.rehomed).toBeGreaterThanOrEqual(1);
    expect(await partitionOf(stray.id)).toBe("Message_2019_03");
    const again = await db.prisma.message.findUniqueOrThrow({ where: { id: stray.id } });
    expect(again).toMatchObject({ text: stray.text, seq: stray.seq, conversationId, createdAt: stray.createdAt });
    const [left] = await sql()<{ n: number }>(`SELECT count(*)::int AS n FROM "Message_default"`, []);
    expect(left?.n).toBe(0);
  });
});

describe("retention", () => {
  it("drops whole months older than RETENTION_DAYS with their photos; the conversation, its bookings' record and newer history stay", async () => {
    const { customer, artist, conversationId } = await conversationPair(db, bus);
    const old = await messageAt(conversationId, customer, "this is the look I want, long ago", new Date("2021-01-10T10:00:00Z"));
    const photo = await photoOf(old.id, conversationId, customer);
    const report = await db.prisma.report.create({
      data: { reporterId: artist.id, reason: "SPAM", messageId: old.id, reportedUserId: customer.id, conversationId, messageSnapshot: { text: old.text } },
    });
    const alsoOld = await messageAt(conversationId, artist, "a month later, long ago", new Date("2021-02-10T10:00:00Z"));
    const recent = await messageAt(conversationId, customer, "see you tomorrow", new Date());
    await runMaintenance(db, options()); // the old months get partitions of their own

    const now = new Date();
    const result = await runMaintenance(db, options({ retentionDays: 365, now }));

    const dropped = result.dropped.filter((d) => d.table === "Message").map((d) => d.partition);
    expect(dropped).toEqual(expect.arrayContaining(["Message_2021_01", "Message_2021_02"]));
    expect(result.dropped.find((d) => d.partition === "Message_2021_01")).toMatchObject({ photoFiles: 2 });
    expect(await partitionNames("Message")).not.toContain("Message_2021_01");
    expect(await db.prisma.message.findMany({ where: { conversationId }, select: { id: true } })).toEqual([{ id: recent.id }]);
    expect(await db.prisma.message.count({ where: { id: { in: [old.id, alsoOld.id] } } })).toBe(0);
    // The photo's row and both files are gone.
    expect(await db.prisma.upload.findUnique({ where: { id: photo.id } })).toBeNull();
    expect(await images.read(photo.fullKey)).toBeNull();
    expect(await images.read(photo.thumbKey)).toBeNull();
    // The report keeps its snapshot, unlinked from the message that no longer exists.
    expect(await db.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ messageId: null, messageSnapshot: { text: old.text } });
    // The conversation stays, its seq goes on from where it was, and the thread starts at seq 3.
    expect(await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({ lastSeq: recent.seq });
    const page = await listMessages(db.prisma, customer.id, { conversationId, limit: 50 });
    expect(page.items.map((m) => m.seq)).toEqual([recent.seq]);
    expect(page.nextBeforeSeq).toBeNull();
  });

  it("keeps a month until all of it is older than RETENTION_DAYS", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const now = new Date("2027-03-15T00:00:00Z");
    // 400 days before: 2026-02-08. February 2026 ends after that, so it stays; January goes.
    const january = await messageAt(conversationId, customer, "january", new Date("2026-01-20T00:00:00Z"));
    const february = await messageAt(conversationId, customer, "february", new Date("2026-02-01T00:00:00Z"));
    await runMaintenance(db, options());

    await runMaintenance(db, options({ retentionDays: 400, now }));

    expect(await partitionOf(january.id)).toBeUndefined();
    expect(await partitionOf(february.id)).toBe("Message_2026_02");
  });

  it("two runs at once drop each month once and remove its photos once", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const old = await messageAt(conversationId, customer, "racing", new Date("2020-06-06T06:00:00Z"));
    const photo = await photoOf(old.id, conversationId, customer);
    await runMaintenance(db, options());

    const [a, b] = await Promise.all([runMaintenance(db, options({ retentionDays: 365 })), runMaintenance(db, options({ retentionDays: 365 }))]);

    const drops = [...a.dropped, ...b.dropped].filter((d) => d.partition === "Message_2020_06");
    expect(drops).toHaveLength(1);
    expect(drops[0]).toMatchObject({ rows: 1, photoFiles: 2 });
    expect(await db.prisma.upload.findUnique({ where: { id: photo.id } })).toBeNull();
    expect(await images.read(photo.fullKey)).toBeNull();
  });

  it("drops audit months older than AUDIT_RETENTION_DAYS and resolved reports with them; the trail stays append-only", async () => {
    const admin = await makeUser(db.prisma, "ADMIN");
    const entry = (createdAt: Date, action: string) => ({ adminId: admin.id, adminEmail: admin.email, action, targetType: "user", createdAt });
    await db.prisma.auditEntry.createMany({ data: [entry(new Date("2018-04-04T00:00:00Z"), "test.ancient"), entry(new Date(), "test.recent")] });
    const reporter = await makeUser(db.prisma, "CUSTOMER");
    const longAgo = new Date("2018-04-04T00:00:00Z");
    const resolved = await db.prisma.report.create({ data: { reporterId: reporter.id, reason: "SPAM", status: "RESOLVED", resolution: "DISMISS", createdAt: longAgo } });
    const open = await db.prisma.report.create({ data: { reporterId: reporter.id, reason: "OTHER", createdAt: longAgo } });
    await runMaintenance(db, options());

    const result = await runMaintenance(db, options({ auditRetentionDays: 730 }));

    expect(result.dropped.map((d) => d.partition)).toContain("AuditEntry_2018_04");
    expect(await db.prisma.auditEntry.count({ where: { adminId: admin.id, action: "test.ancient" } })).toBe(0);
    expect(await db.prisma.auditEntry.count({ where: { adminId: admin.id, action: "test.recent" } })).toBe(1);
    expect(result.reportsDeleted).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.report.findUnique({ where: { id: resolved.id } })).toBeNull();
    expect(await db.prisma.report.findUnique({ where: { id: open.id } })).not.toBeNull();
    // Still append-only, on the table and on a partition named directly.
    await expect(sql()(`DELETE FROM "AuditEntry" WHERE "adminId" = $1`, [admin.id])).rejects.toThrow(/append-only/);
    const [current] = (await partitionNames("AuditEntry")).slice(-1);
    await expect(sql()(`TRUNCATE "${current}"`, [])).rejects.toThrow(/append-only/);
  });
});

describe("the maintenance job", () => {
  it("runs when a process starts and is scheduled daily in the database; two processes share one schedule", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const stray = await messageAt(conversationId, customer, "expired before the job started", new Date("2017-09-09T09:00:00Z"));
    const runs: string[][] = [];
    let ran!: () => void;
    const firstRun = new Promise<void>((resolve) => (ran = resolve));
    const onRun = (report: { dropped: { partition: string }[] }) => {
      runs.push(report.dropped.map((d) => d.partition));
      ran();
    };
    const one = await startMaintenanceJob(db, { ...options({ retentionDays: 365 }), onRun });
    const two = await startMaintenanceJob(db, { ...options({ retentionDays: 365 }), onRun });
    try {
      await firstRun;
      // The stray row was re-homed into its month, and the month dropped as expired.
      expect(runs.flat()).toContain("Message_2017_09");
      expect(await partitionOf(stray.id)).toBeUndefined();
      const schedules = await sql()<{ name: string; cron: string }>(`SELECT name, cron FROM pgboss.schedule WHERE name = $1`, [MAINTENANCE_QUEUE]);
      expect(schedules).toEqual([{ name: MAINTENANCE_QUEUE, cron: "17 3 * * *" }]);
    } finally {
      await one.stop();
      await two.stop();
    }
  });
});

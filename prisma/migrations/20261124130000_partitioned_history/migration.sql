-- Written by hand: Prisma cannot describe a partitioned table. prisma/schema-drift.test.ts lists the
-- exact differences this migration makes on purpose (prisma/partitioning-drift.sql).
--
-- "Message" and "AuditEntry" become range-partitioned by calendar month (UTC) of "createdAt", so
-- that retention drops whole months (DROP TABLE: instant, no dead rows, no vacuum) instead of
-- deleting rows. Every existing row is copied across in this migration's transaction: it commits
-- whole or not at all.
--
-- A partitioned table's primary key and unique indexes must hold the partition key, so:
-- - the primary keys become ("id", "createdAt"); ids are still unique (new-id.ts, cuid);
-- - (conversationId, seq) and (conversationId, clientId) are plain indexes now. Gap-free seq and
--   idempotent sends never rested on them: every writer takes the conversation row's lock, reads
--   lastSeq / looks the clientId up, then inserts (message-log.ts, send-statement.ts), so two
--   writers of one conversation are serialised by that lock (README, "Retention").
-- - nothing can reference "Message"("id") alone: "Upload"."messageId" and "Report"."messageId"
--   lose their foreign keys. A trigger keeps their ON DELETE SET NULL; retention, which drops
--   partitions (no trigger fires), unlinks them itself (src/server/maintenance/retention.ts).
--
-- Each table also gets a DEFAULT partition: a row outside every month (the maintenance job never
-- ran) still lands somewhere instead of failing a send; the job moves such rows into their month.

-- Message ---------------------------------------------------------------------------------------

ALTER TABLE "Upload" DROP CONSTRAINT "Upload_messageId_fkey";
ALTER TABLE "Report" DROP CONSTRAINT "Report_messageId_fkey";

ALTER TABLE "Message" RENAME TO "Message_unpartitioned";

CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "senderId" TEXT,
    "kind" "MessageKind" NOT NULL DEFAULT 'TEXT',
    "text" TEXT NOT NULL,
    "clientId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bookingId" TEXT,
    "contactDetailsHidden" BOOLEAN NOT NULL DEFAULT false,
    "originalText" TEXT,
    "removedAt" TIMESTAMP(3),
    "actorId" TEXT,
    "deletedAt" TIMESTAMP(3)
) PARTITION BY RANGE ("createdAt");

-- One partition per month from the oldest row's to three months ahead (UTC, as Prisma stores).
DO $$
DECLARE
  today timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
  first_month timestamp := LEAST(today, date_trunc('month', (SELECT min("createdAt") FROM "Message_unpartitioned")));
  month timestamp := first_month;
BEGIN
  WHILE month <= today + interval '3 months' LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "Message" FOR VALUES FROM (%L) TO (%L)',
                   'Message_' || to_char(month, 'YYYY_MM'), month, month + interval '1 month');
    month := month + interval '1 month';
  END LOOP;
END $$;
CREATE TABLE "Message_default" PARTITION OF "Message" DEFAULT;

INSERT INTO "Message" ("id", "conversationId", "seq", "senderId", "kind", "text", "clientId", "createdAt",
                       "bookingId", "contactDetailsHidden", "originalText", "removedAt", "actorId", "deletedAt")
SELECT "id", "conversationId", "seq", "senderId", "kind", "text", "clientId", "createdAt",
       "bookingId", "contactDetailsHidden", "originalText", "removedAt", "actorId", "deletedAt"
FROM "Message_unpartitioned";

DROP TABLE "Message_unpartitioned";

-- Built after the copy: one pass per index instead of an update per row.
ALTER TABLE "Message" ADD CONSTRAINT "Message_pkey" PRIMARY KEY ("id", "createdAt");
CREATE INDEX "Message_conversationId_seq_idx" ON "Message"("conversationId", "seq");
CREATE INDEX "Message_conversationId_clientId_idx" ON "Message"("conversationId", "clientId");
CREATE INDEX "Message_senderId_idx" ON "Message"("senderId");
CREATE INDEX "Message_bookingId_idx" ON "Message"("bookingId");
CREATE INDEX "Message_createdAt_idx" ON "Message"("createdAt");
CREATE INDEX "Message_text_search_idx" ON "Message"
  USING GIN (to_tsvector('simple', COALESCE("originalText", "text")));

ALTER TABLE "Message" ADD CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Message" ADD CONSTRAINT "Message_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Message" ADD CONSTRAINT "Message_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- What the two dropped foreign keys did on a message's deletion (a conversation deleted with its
-- messages): photos and reports stay, unlinked.
CREATE FUNCTION "message_deleted_unlink"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Upload" SET "messageId" = NULL WHERE "messageId" = OLD."id";
  UPDATE "Report" SET "messageId" = NULL WHERE "messageId" = OLD."id";
  RETURN OLD;
END;
$$;

CREATE TRIGGER "Message_unlink_on_delete"
  AFTER DELETE ON "Message"
  FOR EACH ROW EXECUTE FUNCTION "message_deleted_unlink"();

-- AuditEntry ------------------------------------------------------------------------------------
-- Append-only as before (the admin_console migration's triggers, now on the partitioned table and
-- so on every partition); its retention (AUDIT_RETENTION_DAYS) drops whole expired months.

ALTER TABLE "AuditEntry" RENAME TO "AuditEntry_unpartitioned";

CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "adminEmail" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "reason" TEXT,
    "details" JSONB,
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
) PARTITION BY RANGE ("createdAt");

DO $$
DECLARE
  today timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
  first_month timestamp := LEAST(today, date_trunc('month', (SELECT min("createdAt") FROM "AuditEntry_unpartitioned")));
  month timestamp := first_month;
BEGIN
  WHILE month <= today + interval '3 months' LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "AuditEntry" FOR VALUES FROM (%L) TO (%L)',
                   'AuditEntry_' || to_char(month, 'YYYY_MM'), month, month + interval '1 month');
    month := month + interval '1 month';
  END LOOP;
END $$;
CREATE TABLE "AuditEntry_default" PARTITION OF "AuditEntry" DEFAULT;

INSERT INTO "AuditEntry" ("id", "adminId", "adminEmail", "action", "targetType", "targetId", "reason",
                          "details", "ip", "userAgent", "createdAt")
SELECT "id", "adminId", "adminEmail", "action", "targetType", "targetId", "reason",
       "details", "ip", "userAgent", "createdAt"
FROM "AuditEntry_unpartitioned";

DROP TABLE "AuditEntry_unpartitioned";

ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id", "createdAt");
CREATE INDEX "AuditEntry_createdAt_id_idx" ON "AuditEntry"("createdAt" DESC, "id" DESC);
CREATE INDEX "AuditEntry_adminId_createdAt_idx" ON "AuditEntry"("adminId", "createdAt" DESC);
CREATE INDEX "AuditEntry_targetId_createdAt_idx" ON "AuditEntry"("targetId", "createdAt" DESC);

CREATE TRIGGER "AuditEntry_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"();

CREATE TRIGGER "AuditEntry_no_truncate"
  BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"();

-- A TRUNCATE of one partition by name fires only that partition's statement triggers.
DO $$
DECLARE
  part regclass;
BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = '"AuditEntry"'::regclass LOOP
    EXECUTE format('CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"()', part);
  END LOOP;
END $$;

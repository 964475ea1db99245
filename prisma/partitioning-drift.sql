-- What the partitioned_history migration does on purpose and schema.prisma cannot say: the diff
-- Prisma would write to undo it. prisma/schema-drift.test.ts expects exactly these statements (and
-- npm run db:diff leaves them out of new migrations); anything else is drift.

-- AlterTable
ALTER TABLE "AuditEntry" DROP CONSTRAINT "AuditEntry_pkey",
ADD CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id");

-- AlterTable
ALTER TABLE "Message" DROP CONSTRAINT "Message_pkey",
ADD CONSTRAINT "Message_pkey" PRIMARY KEY ("id");

-- AddForeignKey
ALTER TABLE "Upload" ADD CONSTRAINT "Upload_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Participant" ADD COLUMN     "lastReadMessageAt" TIMESTAMP(3);

-- Read positions kept before this migration: the time of the message each one is at.
UPDATE "Participant" p
   SET "lastReadMessageAt" = m."createdAt"
  FROM "Message" m
 WHERE m."conversationId" = p."conversationId" AND m.seq = p."lastReadSeq" AND p."lastReadSeq" > 0;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "actorId" TEXT;

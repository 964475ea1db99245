import { Prisma } from "@/generated/prisma/client";
import type { Quota } from "@/server/limits";
import { logProblem } from "@/server/log/logger";
import { channels } from "@/server/realtime/event-bus";
import type { ImageStore } from "@/server/storage/image-store";
import { DELETED_USER_NAME } from "@/shared/account-deletion";
import { recordAudit, type AdminActor } from "./admin/audit";
import { warningText } from "./admin/report-queue";
import { bookingSystemText } from "./booking-text";
import type { ServiceDeps } from "./deps";
import { DomainError, notFound } from "./errors";
import { messageInclude, toMessageDTO, type MessageDTO } from "./message-dto";
import { writeMessageLog, type LockedConversation, type MessageLogWriter } from "./message-log";
import { verifyPassword } from "./passwords";
import { announceEnded } from "./sessions";

/**
 * Deleting an account, by its owner (user.deleteAccount, with their password) or by Glow support
 * (admin.users.delete, with a reason, audited as "user.delete"). One transaction:
 *
 * - every session ends (and after the commit every process closes the account's sockets);
 * - push subscriptions, blocks (either way), unsent photos, and services nobody booked are removed;
 * - upcoming PENDING and CONFIRMED bookings are cancelled, each with the usual SYSTEM message
 *   ("Booking cancelled by Deleted user: …"), so the other person is not left waiting for someone
 *   who will never come; past bookings are kept as they are;
 * - booking notes the account wrote are cleared; every booking keeps its record, and its names
 *   come from the anonymised account;
 * - every message it sent loses its text (text and originalText emptied), is marked deleted
 *   (participants see "Message deleted" from "Deleted user") and loses its photos (the Upload rows
 *   go here; the files go after the commit);
 * - SYSTEM lines that named it ("Booking cancelled by Ava", a warning) name "Deleted user" instead;
 * - the profile becomes "Deleted user" with a placeholder email that can never receive mail
 *   (RFC 2606's .invalid), an unusable password, nothing shared (receipts, presence, previews off)
 *   and deletedAt set. The row stays, so bookings and the other people's histories keep their shape.
 *
 * Kept: reports (with their message snapshots) and the audit trail, which serve safety and have a
 * retention of their own. Each conversation locked here gets a new row version, so a send that
 * began before the commit checks again and is refused (send-statement.ts, access.ts).
 */

export interface AccountDeletionDeps extends ServiceDeps {
  /** Where the account's photos are, to delete them after the commit. */
  images: ImageStore;
  /** Told of photo files that could not be deleted (the deletion stands; only files are left over). Default: stderr. */
  log?: (message: string, error?: unknown) => void;
}

export interface DeletedAccount {
  userId: string;
  sessionsEnded: number;
  bookingsCancelled: number;
  messagesErased: number;
  photosErased: number;
}

/** The placeholder email of a deleted account: unique (it holds the id), and undeliverable. */
export const deletedEmail = (userId: string) => `deleted-${userId}@deleted.invalid`;

/** Not a password hash at all: no password verifies against it (passwords.ts). */
const UNUSABLE_PASSWORD = "deleted";

/** How many of each conversation's newest erased messages are announced to open threads. */
const ANNOUNCED_PER_CONVERSATION = 100;

export const WRONG_PASSWORD = "password: is not your password. Check it and try again.";

type Tx = Prisma.TransactionClient;

interface ErasureOutcome extends DeletedAccount {
  endedSessions: string[];
  photoKeys: { storage: string; key: string }[];
  conversations: LockedConversation[];
  changedMessages: MessageDTO[];
}

/**
 * user.deleteAccount: the owner proves it with their password. A wrong password counts as a
 * failed sign-in for the account (SIGN_IN_FAILURES_PER_15_MIN), so a stolen session cannot be used
 * to guess it.
 */
export async function deleteOwnAccount(
  deps: AccountDeletionDeps & { signInFailures: Quota },
  userId: string,
  input: { password: string },
): Promise<DeletedAccount> {
  const user = await deps.prisma.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true, role: true, deletedAt: true } });
  if (!user || user.deletedAt) throw new DomainError("UNAUTHORIZED", "Sign in to continue.");
  if (user.role === "ADMIN") throw new DomainError("FORBIDDEN", "Glow support accounts can't be deleted.");
  await deps.signInFailures.take(user.email);
  if (!(await verifyPassword(input.password, user.passwordHash))) throw new DomainError("BAD_REQUEST", WRONG_PASSWORD);
  await deps.signInFailures.giveBack(user.email);
  return eraseAccount(deps, userId, null);
}

/** admin.users.delete: Glow support deletes someone's account, with a reason the audit trail keeps. */
export async function deleteUserAsAdmin(deps: AccountDeletionDeps, actor: AdminActor, input: { userId: string; reason: string }): Promise<DeletedAccount> {
  if (input.userId === actor.id) throw new DomainError("BAD_REQUEST", "You can't delete your own account.");
  return eraseAccount(deps, input.userId, { actor, reason: input.reason });
}

async function eraseAccount(deps: AccountDeletionDeps, userId: string, audit: { actor: AdminActor; reason: string } | null): Promise<DeletedAccount> {
  const outcome = await writeMessageLog(deps, (tx, log) => eraseInTransaction(tx, log, deps.timeZone, userId, audit));
  announceEnded(deps.bus, outcome.endedSessions);
  for (const message of outcome.changedMessages) {
    deps.bus.publish(channels.conversation(message.conversationId), { type: "message-changed", message });
  }
  for (const conversation of outcome.conversations) {
    // Open threads read conversation.byId again (the name, and that nothing more can be sent).
    for (const id of [conversation.customerId, conversation.artistId]) {
      deps.bus.publish(channels.user(id), { type: "inbox", conversationId: conversation.id, accessChanged: true });
    }
  }
  deps.bus.publish(channels.presence(userId), { type: "presence-changed", userId });
  await removePhotoFiles(deps, outcome.photoKeys);
  const { userId: id, sessionsEnded, bookingsCancelled, messagesErased, photosErased } = outcome;
  return { userId: id, sessionsEnded, bookingsCancelled, messagesErased, photosErased };
}

async function eraseInTransaction(
  tx: Tx,
  log: MessageLogWriter,
  timeZone: string,
  userId: string,
  audit: { actor: AdminActor; reason: string } | null,
): Promise<ErasureOutcome> {
  // NO KEY UPDATE: messages and bookings being inserted that refer to the account (KEY SHARE) do
  // not wait on us; a session being started (FOR SHARE, sessions.ts) does, and then finds it deleted.
  const [user] = await tx.$queryRaw<{ name: string; role: string; deletedAt: Date | null }[]>`
    SELECT name, role, "deletedAt" FROM "User" WHERE id = ${userId} FOR NO KEY UPDATE`;
  if (!user) throw notFound("This person");
  if (user.deletedAt) throw new DomainError("CONFLICT", "This account was already deleted.");
  if (user.role === "ADMIN") throw new DomainError("BAD_REQUEST", "Glow support accounts can't be deleted.");
  if (audit) {
    await recordAudit(tx, audit.actor, { action: "user.delete", targetType: "user", targetId: userId, reason: audit.reason, details: { role: user.role } });
  }

  const endedSessions = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Session" SET "endedAt" = now() WHERE "userId" = ${userId} AND "endedAt" IS NULL RETURNING id`;

  // Bookings first, then conversations: the order a booking change takes them (bookings.ts).
  const upcoming = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Booking"
     WHERE ("customerId" = ${userId} OR "artistId" = ${userId}) AND status IN ('PENDING', 'CONFIRMED') AND "startsAt" > now()
     ORDER BY id FOR NO KEY UPDATE`;
  const conversations = await tx.$queryRaw<LockedConversation[]>`
    UPDATE "Conversation" SET "lastSeq" = "lastSeq"
     WHERE id IN (SELECT id FROM "Conversation" WHERE "customerId" = ${userId} OR "artistId" = ${userId} ORDER BY id FOR NO KEY UPDATE)
    RETURNING id, "lastSeq", "customerId", "artistId"`;
  const conversationIds = conversations.map((c) => c.id);

  await cancelUpcomingBookings(tx, log, timeZone, userId, upcoming.map((b) => b.id), new Map(conversations.map((c) => [c.id, c])));
  await tx.booking.updateMany({ where: { customerId: userId, OR: [{ note: { not: null } }, { originalNote: { not: null } }] }, data: { note: null, originalNote: null } });
  const renamed = await renameInSystemLines(tx, conversationIds, user.name);

  const messagesErased = await tx.$executeRaw`
    UPDATE "Message" SET text = '', "originalText" = NULL, "deletedAt" = now()
     WHERE "senderId" = ${userId} AND "deletedAt" IS NULL`;
  const photos = await tx.$queryRaw<{ storage: string; fullKey: string; thumbKey: string }[]>`
    DELETE FROM "Upload" WHERE "uploaderId" = ${userId} RETURNING storage, "fullKey", "thumbKey"`;

  await tx.pushSubscription.deleteMany({ where: { userId } });
  await tx.block.deleteMany({ where: { OR: [{ blockerId: userId }, { blockedId: userId }] } });
  await tx.$executeRaw`DELETE FROM "Service" s WHERE s."artistId" = ${userId} AND NOT EXISTS (SELECT 1 FROM "Booking" b WHERE b."serviceId" = s.id)`;
  await tx.participant.updateMany({ where: { userId }, data: { mutedAt: null, archivedSeq: null } });
  await tx.user.update({
    where: { id: userId },
    data: {
      name: DELETED_USER_NAME,
      email: deletedEmail(userId),
      passwordHash: UNUSABLE_PASSWORD,
      readReceipts: false,
      showPresence: false,
      pushPreviews: false,
      lastSeenAt: null,
      suspendedAt: null,
      suspendedUntil: null,
      suspensionReason: null,
      deletedAt: new Date(),
    },
  });

  return {
    userId,
    sessionsEnded: endedSessions.length,
    bookingsCancelled: upcoming.length,
    messagesErased,
    photosErased: photos.length,
    endedSessions: endedSessions.map((s) => s.id),
    photoKeys: photos.flatMap((p) => [
      { storage: p.storage, key: p.fullKey },
      { storage: p.storage, key: p.thumbKey },
    ]),
    conversations,
    changedMessages: await changedMessages(tx, userId, conversationIds, renamed),
  };
}

/** Cancels each upcoming booking with the SYSTEM line a cancellation writes, in its conversation's log. */
async function cancelUpcomingBookings(
  tx: Tx,
  log: MessageLogWriter,
  timeZone: string,
  userId: string,
  bookingIds: string[],
  conversations: Map<string, LockedConversation>,
): Promise<void> {
  if (bookingIds.length === 0) return;
  const now = new Date();
  const bookings = await tx.booking.findMany({ where: { id: { in: bookingIds } }, orderBy: { id: "asc" }, include: { service: { select: { name: true } } } });
  for (const booking of bookings) {
    await tx.booking.update({ where: { id: booking.id }, data: { status: "CANCELLED", cancelledById: userId, updatedAt: now } });
    await log.append(conversations.get(booking.conversationId)!, {
      senderId: null,
      kind: "SYSTEM",
      text: bookingSystemText("CANCELLED", { serviceName: booking.service.name, startsAt: booking.startsAt, cancelledByName: DELETED_USER_NAME }, timeZone),
      bookingId: booking.id,
      actorId: userId,
    });
  }
}

/**
 * SYSTEM lines written with the account's name ("Booking cancelled by Ava Artist: …", a warning
 * from Glow support) name "Deleted user" instead. Returns the ids of the lines changed.
 */
async function renameInSystemLines(tx: Tx, conversationIds: string[], name: string): Promise<string[]> {
  if (conversationIds.length === 0) return [];
  const cancelledBy = (who: string) => `Booking cancelled by ${who}: `;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Message"
       SET text = CASE WHEN text = ${warningText(name)} THEN ${warningText(DELETED_USER_NAME)}
                       ELSE ${cancelledBy(DELETED_USER_NAME)} || substr(text, char_length(${cancelledBy(name)}) + 1) END
     WHERE "conversationId" = ANY(${conversationIds}) AND kind = 'SYSTEM'
       AND (text = ${warningText(name)} OR starts_with(text, ${cancelledBy(name)}))
    RETURNING id`;
  return rows.map((row) => row.id);
}

/**
 * What open threads must replace: each conversation's newest erased messages (older ones show as
 * deleted the next time the thread reads them), and the SYSTEM lines renamed.
 */
async function changedMessages(tx: Tx, userId: string, conversationIds: string[], renamed: string[]): Promise<MessageDTO[]> {
  if (conversationIds.length === 0) return [];
  const erased = await tx.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM unnest(${conversationIds}::text[]) AS c(id)
     CROSS JOIN LATERAL (
       SELECT id FROM "Message" WHERE "conversationId" = c.id AND "senderId" = ${userId} ORDER BY seq DESC LIMIT ${ANNOUNCED_PER_CONVERSATION}
     ) m`;
  const ids = [...erased.map((row) => row.id), ...renamed];
  if (ids.length === 0) return [];
  const rows = await tx.message.findMany({ where: { id: { in: ids } }, include: messageInclude, orderBy: [{ conversationId: "asc" }, { seq: "asc" }] });
  return rows.map(toMessageDTO);
}

/** After the commit: the files of the account's photos. A failure is logged; the deletion stands. */
async function removePhotoFiles(deps: AccountDeletionDeps, photos: { storage: string; key: string }[]): Promise<void> {
  const log = deps.log ?? logProblem;
  const here = photos.filter((p) => p.storage === deps.images.kind).map((p) => p.key);
  const elsewhere = photos.length - here.length;
  if (elsewhere > 0) log(`Account deletion: ${elsewhere} photo files are in a store this process does not use; they were not deleted`);
  if (here.length === 0) return;
  try {
    await deps.images.remove(here);
  } catch (error) {
    log(`Account deletion: ${here.length} photo files could not be deleted`, error);
  }
}

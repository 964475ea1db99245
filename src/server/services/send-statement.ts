import type { SqlQuery } from "@/server/db/query";
import type { CommittedMessage } from "./message-log";
import type { MessageRow } from "./message-dto";
import { newId } from "./new-id";
import type { ScreenedText } from "./screen-message";

/**
 * The common send in ONE statement, so one round trip to Postgres and no transaction held open
 * across the network: it locks the conversation row, checks what the send path checks, takes
 * lastSeq + 1, inserts the message, moves lastSeq and the sender's read position, and claims the
 * photos. It stores a message only when everything is in order; otherwise it stores nothing and
 * the caller takes the full path (messages.ts), which gives the precise refusal, returns a retry's
 * stored message and announces it again, or files the report of a flagged text.
 *
 * The guarantees are those of the full path:
 * - Gap-free seq: the row is locked (`FOR NO KEY UPDATE`) for the statement, and lastSeq moves
 *   only with an inserted message (the update reads the INSERT's RETURNING).
 * - Rules in force at the time: a statement reads every table as it was when it STARTED, so it must
 *   not have waited for anything that changed the conversation meanwhile. It never waits: a row
 *   someone holds (a block or booking change under way, another send) is skipped (`SKIP LOCKED`),
 *   and the full path waits for it and reads everything again under the lock. And a change that
 *   committed between this statement's start and its lock gave the row a new version (everything
 *   that changes what a send checks writes the row: message-log.ts, access.ts, blocks.ts,
 *   account-deletion.ts), so the version this statement's snapshot saw (`xmin`) differs from the
 *   one it locked: nothing stored.
 * - Idempotent clientId: a stored message with this clientId (visible, as nothing committed since
 *   the snapshot) means a retry, which the full path answers. No unique-violation is provoked, so
 *   retries do not fill Postgres's log with errors.
 * - Persist, then publish: the caller announces what this returns, after the statement committed.
 */

/** What the sender wrote, screened both ways (contact details hidden, and allowed). */
export interface SendStatementInput {
  conversationId: string;
  senderId: string;
  clientId: string;
  bookingId: string | null;
  attachmentIds: string[];
  /** Before a confirmed booking. */
  hidden: ScreenedText;
  /** With a confirmed booking. */
  allowed: ScreenedText;
}

interface Row {
  seq: number;
  text: string;
  originalText: string | null;
  contactDetailsHidden: boolean;
  customerId: string;
  artistId: string;
  attachments: MessageRow["attachments"] | string | null;
}

/**
 * $1 conversation, $2 sender, $3 clientId, $4 booking, $5 photo ids (in order), $6 the new id,
 * $7 kind, $8/$9 text with contact details allowed/hidden, $10/$11 what was written (when the text
 * differs), $12/$13 whether contact details were hidden, $14 the time (UTC, ISO).
 */
const SEND = `
WITH seen AS (
  SELECT xmin::text AS version FROM "Conversation" WHERE id = $1
), locked AS (
  SELECT c.id, c."lastSeq", c."customerId", c."artistId", c.xmin::text AS version
    FROM "Conversation" c
   WHERE c.id = $1
     FOR NO KEY UPDATE SKIP LOCKED
), facts AS (
  SELECT l.id, l."lastSeq", l."customerId", l."artistId",
         l.version = s.version AS unchanged,
         EXISTS (SELECT 1 FROM "Participant" p WHERE p."conversationId" = l.id AND p."userId" = $2) AS participant,
         EXISTS (SELECT 1 FROM "Block" b
                  WHERE (b."blockerId" = l."customerId" AND b."blockedId" = l."artistId")
                     OR (b."blockerId" = l."artistId" AND b."blockedId" = l."customerId")) AS blocked,
         EXISTS (SELECT 1 FROM "User" u WHERE u.id IN (l."customerId", l."artistId") AND u."deletedAt" IS NOT NULL) AS "accountDeleted",
         EXISTS (SELECT 1 FROM "Booking" k WHERE k."conversationId" = l.id AND k.status IN ('CONFIRMED', 'COMPLETED')) AS confirmed,
         EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = l.id AND m."clientId" = $3) AS retry,
         ($4::text IS NULL OR EXISTS (SELECT 1 FROM "Booking" k WHERE k.id = $4::text AND k."conversationId" = l.id)) AS "bookingOk",
         (SELECT count(*) FROM "Upload" u
           WHERE u.id = ANY($5::text[]) AND u."uploaderId" = $2
             AND u."conversationId" = l.id AND u."messageId" IS NULL) = cardinality($5::text[]) AS "photosOk"
    FROM locked l CROSS JOIN seen s
), inserted AS (
  INSERT INTO "Message" (id, "conversationId", seq, "senderId", kind, text, "originalText", "contactDetailsHidden",
                         "clientId", "bookingId", "createdAt")
  SELECT $6, f.id, f."lastSeq" + 1, $2, CAST($7::text AS "MessageKind"),
         CASE WHEN f.confirmed THEN $8::text ELSE $9::text END,
         CASE WHEN f.confirmed THEN $10::text ELSE $11::text END,
         CASE WHEN f.confirmed THEN $12::boolean ELSE $13::boolean END,
         $3, $4::text, $14::timestamp(3)
    FROM facts f
   WHERE f.unchanged AND f.participant AND NOT f.blocked AND NOT f."accountDeleted" AND NOT f.retry AND f."bookingOk" AND f."photosOk"
  RETURNING id, "conversationId", seq, text, "originalText", "contactDetailsHidden", "createdAt"
), moved AS (
  UPDATE "Conversation" c SET "lastSeq" = i.seq, "updatedAt" = i."createdAt" FROM inserted i WHERE c.id = i."conversationId"
), "read" AS (
  UPDATE "Participant" p SET "lastReadSeq" = i.seq, "lastReadAt" = i."createdAt", "lastReadMessageAt" = i."createdAt"
    FROM inserted i WHERE p."conversationId" = i."conversationId" AND p."userId" = $2
), claimed AS (
  UPDATE "Upload" u SET "messageId" = i.id, position = a.ord - 1
    FROM inserted i, unnest($5::text[]) WITH ORDINALITY AS a(id, ord)
   WHERE u.id = a.id
  RETURNING u.id, u.width, u.height, u.mime, u.position
)
SELECT i.seq, i.text, i."originalText", i."contactDetailsHidden", f."customerId", f."artistId",
       (SELECT json_agg(json_build_object('id', a.id, 'width', a.width, 'height', a.height, 'mime', a.mime) ORDER BY a.position)
          FROM claimed a) AS attachments
  FROM inserted i CROSS JOIN facts f`;

/** The message stored and who to tell, or null: nothing was stored, take the full path. */
export async function sendInOneStatement(sql: SqlQuery, input: SendStatementInput): Promise<CommittedMessage | null> {
  const { conversationId, senderId, hidden, allowed } = input;
  const ids = input.attachmentIds;
  const id = newId();
  const kind = ids.length > 0 ? "IMAGE" : "TEXT";
  // Written by us rather than read back: drivers differ in how they read a timestamp.
  const createdAt = new Date();
  const rows = await sql<Row>(SEND, [
    conversationId,
    senderId,
    input.clientId,
    input.bookingId,
    ids,
    id,
    kind,
    allowed.text,
    hidden.text,
    allowed.originalText,
    hidden.originalText,
    allowed.contactDetailsHidden,
    hidden.contactDetailsHidden,
    createdAt.toISOString(),
  ], "glow_send_message");
  const row = rows[0];
  if (!row) return null;
  const photos = typeof row.attachments === "string" ? (JSON.parse(row.attachments) as MessageRow["attachments"]) : (row.attachments ?? []);
  return {
    message: {
      id,
      conversationId,
      seq: Number(row.seq),
      senderId,
      kind,
      text: row.text,
      actorId: null,
      clientId: input.clientId,
      bookingId: input.bookingId,
      originalText: row.originalText,
      contactDetailsHidden: row.contactDetailsHidden,
      removedAt: null,
      deletedAt: null,
      createdAt,
      attachments: photos,
    },
    participantIds: [row.customerId, row.artistId],
    appendedBy: { actorId: senderId },
  };
}

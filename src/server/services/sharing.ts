import type { Db } from "./access";

/**
 * What two people of one conversation share with each other now. Every rule is symmetric: typing
 * needs no block either way; read receipts and presence also need both to have the setting on
 * (reciprocal, as WhatsApp's are). So an event one of them publishes may go to the conversation's
 * channel whole, or not at all.
 */
export interface Sharing {
  typing: boolean;
  readReceipts: boolean;
  presence: boolean;
}

export const NOTHING_SHARED: Sharing = { typing: false, readReceipts: false, presence: false };

/** One round trip: both people's settings and any block between them. */
export async function sharingBetween(db: Db, aId: string, bId: string): Promise<Sharing> {
  const [row] = await db.$queryRaw<{ blocked: boolean; readReceipts: boolean; showPresence: boolean; people: number }[]>`
    SELECT EXISTS (SELECT 1 FROM "Block" b
                    WHERE (b."blockerId" = ${aId} AND b."blockedId" = ${bId})
                       OR (b."blockerId" = ${bId} AND b."blockedId" = ${aId})) AS blocked,
           COALESCE(bool_and(u."readReceipts"), false) AS "readReceipts",
           COALESCE(bool_and(u."showPresence"), false) AS "showPresence",
           count(*)::int AS people
      FROM "User" u
     WHERE u.id IN (${aId}, ${bId})`;
  if (!row || row.blocked || row.people < 2) return NOTHING_SHARED;
  return { typing: true, readReceipts: row.readReceipts, presence: row.showPresence };
}

/** How far someone has read a conversation: every message up to `seq`, known since `at` (null: not known when). */
export interface ReadPosition {
  seq: number;
  at: Date | null;
}

/** What receipts need to know of a message. */
export interface ReceiptMessage {
  seq: number;
  senderId: string | null;
  createdAt: Date;
  removed: boolean;
}

/** The further of two positions; at the same seq, the earlier time (the first evidence of it). */
function further(a: ReadPosition | null, b: ReadPosition | null): ReadPosition | null {
  if (!a || !b) return a ?? b;
  if (a.seq !== b.seq) return a.seq > b.seq ? a : b;
  if (!a.at || !b.at) return a.at ? a : b;
  return a.at <= b.at ? a : b;
}

/**
 * How far the other person has read, from everything that says so: what conversation.byId said
 * (null when they do not share receipts with me), what the live stream announced since, and their
 * own newest message (whoever writes at seq s has read up to s, at the time they wrote). Null while
 * receipts are not shared: nothing is shown then, neither "Seen" nor "Sent".
 */
export function otherReadPosition({
  known,
  live,
  messages,
  otherId,
}: {
  /** From conversation.byId: null when hidden (or not loaded). */
  known: ReadPosition | null;
  /** The newest read event from the live stream, if any (it only comes where receipts are shared). */
  live: ReadPosition | null;
  messages: readonly ReceiptMessage[];
  otherId: string | undefined;
}): ReadPosition | null {
  if (!known && !live) return null;
  let theirs: ReadPosition | null = null;
  for (let i = messages.length - 1; i >= 0 && otherId; i--) {
    const message = messages[i]!;
    if (message.senderId === otherId) {
      theirs = { seq: message.seq, at: message.createdAt };
      break;
    }
  }
  return further(further(known, live), theirs);
}

/** Where the receipts go: one "Seen" and at most one "Sent", never one per bubble. */
export interface ReceiptPlacement {
  /** My newest message they have read: "Seen" with the time. */
  seen: { seq: number; at: Date | null } | null;
  /** My newest message, when they have not read it yet: "Sent". */
  sentSeq: number | null;
}

const NONE: ReceiptPlacement = { seen: null, sentSeq: null };

/**
 * "Seen" under the newest of my messages the other person has read; "Sent" under my newest one
 * when it is newer than that. Nothing at all while receipts are hidden (read is null). A message of
 * mine still on its way is newer than any confirmed one and says where it stands itself, so then
 * no "Sent" is added above it. Messages Glow support removed carry no receipt.
 */
export function placeReceipts(
  messages: readonly ReceiptMessage[],
  meId: string,
  read: ReadPosition | null,
  { pendingAfter = false }: { pendingAfter?: boolean } = {},
): ReceiptPlacement {
  if (!read) return NONE;
  let sentSeq: number | null = null;
  let newestMine = true;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.senderId !== meId || message.removed) continue;
    if (message.seq <= read.seq) return { seen: { seq: message.seq, at: read.at }, sentSeq };
    if (newestMine && !pendingAfter) sentSeq = message.seq;
    newestMine = false;
  }
  return { seen: null, sentSeq };
}

/**
 * How many messages arrived below a reader who scrolled up: those newer than the newest one shown
 * while they were last at the bottom, from the other person or the app (a booking note). Mine
 * never count: sending scrolls to the bottom.
 */
export function newMessagesBelow(
  messages: readonly { seq: number; senderId: string | null }[],
  seenThroughSeq: number,
  meId: string,
): number {
  let count = 0;
  for (let i = messages.length - 1; i >= 0 && messages[i]!.seq > seenThroughSeq; i--) {
    if (messages[i]!.senderId !== meId) count++;
  }
  return count;
}

/** "1 new message", "3 new messages". */
export const newMessagesLabel = (count: number) => `${count} new message${count === 1 ? "" : "s"}`;

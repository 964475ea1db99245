/** What the end of a thread holds: the newest stored message, my messages still sending, and whose the last one is. */
export interface ThreadTail {
  newestSeq: number;
  pendingCount: number;
  lastIsMine: boolean;
}

/**
 * Whether the view goes down to the newest message when the end of the thread changes from
 * `before` to `now`: always for a reader at the bottom; otherwise only for a message of mine that
 * just appeared (written here, or on another of my devices). My message being stored (one fewer
 * sending) is not a new message: a reader who scrolled up right after sending stays where they are.
 */
export function followsNewest(atBottom: boolean, before: ThreadTail | null, now: ThreadTail): boolean {
  if (atBottom) return true;
  if (!now.lastIsMine) return false;
  const storedMine = before !== null && now.pendingCount < before.pendingCount;
  return !storedMine;
}

import { isSameDay } from "@/lib/format";

/** What grouping needs to know of a message, sent or still pending. */
export interface ThreadEntry {
  /** Stable across sending: the clientId when there is one, so a bubble is not remounted when confirmed. */
  key: string;
  senderId: string | null;
  createdAt: Date;
  /** A booking note from the app: always a line of its own. */
  system: boolean;
}

/** What the thread shows, top to bottom. */
export type ThreadBlock<E extends ThreadEntry> =
  | { type: "day"; key: string; date: Date }
  | { type: "system"; key: string; entry: E }
  | { type: "group"; key: string; senderId: string | null; entries: E[] };

/** Messages this close to the previous one from the same person join its group. */
export const GROUP_WINDOW_MS = 5 * 60_000;

/**
 * Arranges a thread the way people read one: a separator where the day (in the viewer's zone)
 * changes, and consecutive messages from one person, each within a few minutes of the one before,
 * in one group (one avatar and name, the time under the last). A system line ends a group.
 */
export function groupThread<E extends ThreadEntry>(entries: readonly E[]): ThreadBlock<E>[] {
  const blocks: ThreadBlock<E>[] = [];
  let previous: E | undefined;
  let group: Extract<ThreadBlock<E>, { type: "group" }> | undefined;
  for (const entry of entries) {
    if (!previous || !isSameDay(previous.createdAt, entry.createdAt)) {
      blocks.push({ type: "day", key: `day-${entry.key}`, date: entry.createdAt });
      group = undefined;
    }
    if (entry.system) {
      blocks.push({ type: "system", key: entry.key, entry });
      group = undefined;
    } else if (
      group &&
      group.senderId === entry.senderId &&
      previous &&
      entry.createdAt.getTime() - previous.createdAt.getTime() <= GROUP_WINDOW_MS
    ) {
      group.entries.push(entry);
    } else {
      group = { type: "group", key: entry.key, senderId: entry.senderId, entries: [entry] };
      blocks.push(group);
    }
    previous = entry;
  }
  return blocks;
}

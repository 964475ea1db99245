/**
 * How the unread total reads where space is short (the header's badge, an inbox row, the tab
 * title), and the tab title with it: "(3) Messages · Glow".
 */

/** Beyond this a badge says "99+": the exact number is for screen readers. */
export const UNREAD_BADGE_CAP = 99;

export function unreadBadgeText(count: number): string {
  return count > UNREAD_BADGE_CAP ? `${UNREAD_BADGE_CAP}+` : String(count);
}

/** The "(3) " that titleWithUnread puts in front. */
const UNREAD_PREFIX = /^\(\d+\+?\) /;

/**
 * The page's title with the count in front, or without one at 0. Whatever count the title
 * carried before is replaced, so applying it again changes nothing: the title watcher can run
 * after every change of the title, its own included, without looping.
 */
export function titleWithUnread(title: string, count: number): string {
  const base = title.replace(UNREAD_PREFIX, "");
  return count > 0 ? `(${unreadBadgeText(count)}) ${base}` : base;
}

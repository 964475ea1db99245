import type { OtherPresence } from "./conversation-live";
import { calendarDaysFrom, formatInboxTime, formatTime } from "./format";

const MINUTE_MS = 60_000;

/**
 * When someone was last here, as people say it: "just now", "5 min ago", "today at 09:12",
 * "yesterday at 14:05", "Mon at 14:05" this week, else "on 14 Mar". A time a little ahead of this
 * device's clock (another clock's idea of now) is "just now".
 */
export function formatLastSeen(lastSeenAt: Date, now: Date): string {
  const minutes = Math.floor((now.getTime() - lastSeenAt.getTime()) / MINUTE_MS);
  if (minutes < 1) return "Last seen just now";
  if (minutes < 60) return `Last seen ${minutes} min ago`;
  const days = calendarDaysFrom(now, lastSeenAt);
  const time = formatTime(lastSeenAt);
  if (days === 0) return `Last seen today at ${time}`;
  if (days === -1) return `Last seen yesterday at ${time}`;
  // The inbox's own wording: the weekday this week, else the date (with the year if not this one).
  if (days > -7) return `Last seen ${formatInboxTime(lastSeenAt, now)} at ${time}`;
  return `Last seen on ${formatInboxTime(lastSeenAt, now)}`;
}

/**
 * The thread header's line about the other person: "Online", "Last seen …", or nothing when they
 * do not share it (online false with no time) or it is not known yet.
 */
export function presenceText(presence: OtherPresence | null, now: Date): string | null {
  if (!presence) return null;
  if (presence.online) return "Online";
  return presence.lastSeenAt ? formatLastSeen(presence.lastSeenAt, now) : null;
}

/** "Seen 14:05" today, "Seen yesterday 14:05", "Seen Mon 14:05" this week, else "Seen 14 Mar"; "Seen" when the time is unknown. */
export function formatSeen(at: Date | null, now: Date): string {
  if (!at) return "Seen";
  const days = calendarDaysFrom(now, at);
  const time = formatTime(at);
  if (days >= 0) return `Seen ${time}`;
  if (days === -1) return `Seen yesterday ${time}`;
  if (days > -7) return `Seen ${formatInboxTime(at, now)} ${time}`;
  return `Seen ${formatInboxTime(at, now)}`;
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Role } from "@/generated/prisma/enums";
import { useAppBadge } from "@/lib/app-badge";
import { unreadBadgeText } from "@/lib/unread-count";
import { useUnreadTitle } from "@/lib/use-unread-title";
import { useUnreadTotal } from "@/lib/use-unread-total";
import type { HeaderUser } from "./Header";

type Icon = "messages" | "bookings" | "artists" | "services" | "admin";

/**
 * What each person can reach: customers and artists their messages and bookings, then the
 * directory or my own page; Glow support its console.
 */
function linksFor(user: HeaderUser): { href: string; label: string; icon: Icon }[] {
  if (user.role === Role.ADMIN) return [{ href: "/admin", label: "Admin", icon: "admin" }];
  return [
    { href: "/messages", label: "Messages", icon: "messages" as const },
    { href: "/bookings", label: "Bookings", icon: "bookings" as const },
    ...(user.role === Role.CUSTOMER ? [{ href: "/artists", label: "Artists", icon: "artists" as const }] : []),
    ...(user.role === Role.ARTIST ? [{ href: `/artists/${user.id}`, label: "My services", icon: "services" as const }] : []),
  ];
}

const PATHS: Record<Icon, React.ReactNode> = {
  messages: <path d="M4 5h16v11H8l-4 4z" />,
  bookings: (
    <>
      <rect x="4" y="5" width="16" height="15" rx="2" />
      <path d="M4 10h16M9 3v4M15 3v4" />
    </>
  ),
  artists: (
    <>
      <circle cx="9" cy="8" r="3.2" />
      <path d="M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6M16 5.2a3 3 0 0 1 0 5.6M18 14.3c1.8.8 3 2.7 3 4.7" />
    </>
  ),
  services: <path d="M12 3l2.4 5.1 5.6.7-4.1 3.9 1 5.5L12 15.5 7.1 18.2l1-5.5L4 8.8l5.6-.7z" />,
  admin: <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z" />,
};

/**
 * The main links, each an icon with its label: stacked on a phone, side by side from `sm`. My
 * unread total rides on Messages (a badge, and in its name for screen readers), in the tab title
 * and on the installed app's icon.
 */
export function MainNav({ user }: { user: HeaderUser }) {
  const pathname = usePathname();
  const unread = useUnreadTotal(user.role !== Role.ADMIN);
  useUnreadTitle(unread);
  useAppBadge(unread);
  return (
    <nav aria-label="Main" className="flex min-w-0 items-center">
      {linksFor(user).map((link) => {
        const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
        const count = link.icon === "messages" ? (unread ?? 0) : 0;
        return (
          <span key={link.href} className="relative flex shrink-0">
            <Link
              href={link.href}
              aria-current={current ? "page" : undefined}
              // The count is in the name ("Messages, 3 unread"); the badge beside it is for the eyes only.
              aria-label={count > 0 ? `${link.label}, ${count} unread` : undefined}
              className={`flex flex-col items-center gap-0.5 rounded-md px-1.5 py-1 text-[11px] font-medium leading-none sm:flex-row sm:gap-1.5 sm:px-3 sm:py-1.5 sm:text-sm ${
                count > 0 ? "sm:pr-9" : ""
              } ${current ? "text-brand-700" : "text-stone-700 hover:bg-stone-100"}`}
            >
              <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5 sm:hidden" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round">
                {PATHS[link.icon]}
              </svg>
              <span className="whitespace-nowrap">{link.label}</span>
            </Link>
            {count > 0 && (
              // Over the link rather than in it, so the link's visible text stays its name's start (WCAG
              // 2.5.3); taps go through. On a phone it sits on the icon's shoulder, from `sm` after the
              // label, in the room the link keeps for it.
              <span
                aria-hidden
                data-testid="messages-unread"
                className="pointer-events-none absolute right-0 top-0 min-w-[1.125rem] rounded-full bg-brand-600 px-1 text-center text-[10px] font-semibold leading-[1.125rem] text-white sm:right-2 sm:top-1/2 sm:-translate-y-1/2 sm:text-[11px]"
              >
                {unreadBadgeText(count)}
              </span>
            )}
          </span>
        );
      })}
    </nav>
  );
}

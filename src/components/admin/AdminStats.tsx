"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { AdminLiveFigures } from "./AdminLiveFigures";
import { StatCard, StatLink, statGridClassName } from "./StatCard";

/** How often the figures are read again while the page is open (and visible). */
const REFRESH_SECONDS = 5;

/** /admin at a glance: who is on Glow, how busy it is, what waits for support, and the live counters. */
export function AdminStats() {
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.admin.stats.queryOptions(), refetchInterval: REFRESH_SECONDS * 1000 });
  if (!stats.data) {
    if (stats.error) {
      return (
        <p role="alert" className="mt-4 text-red-800">
          The figures could not be loaded: {stats.error.message}
        </p>
      );
    }
    return (
      <p role="status" className="mt-4 text-sm text-stone-600">
        Loading figures…
      </p>
    );
  }
  const s = stats.data;
  return (
    <>
      {stats.error && (
        <p role="alert" className="mt-4 text-sm text-red-800">
          The figures could not be refreshed ({stats.error.message}); these are from {new Date(stats.dataUpdatedAt).toLocaleTimeString()}.
        </p>
      )}
      <dl className={statGridClassName} data-testid="admin-stats">
        <StatCard label="Customers" value={s.users.CUSTOMER} />
        <StatCard label="Artists" value={s.users.ARTIST} />
        <StatCard label="Glow support accounts" value={s.users.ADMIN} />
        <StatCard label="Conversations" value={s.conversations} />
        <StatCard label="Messages today" value={s.messages.today} />
        <StatCard label="Messages in the last 7 days" value={s.messages.last7Days} />
        <StatCard
          label="Open reports"
          value={s.openReports}
          attention={s.openReports > 0}
          link={<StatLink href="/admin/reports">Review reports</StatLink>}
        />
        <StatCard label="Suspended users" value={s.suspendedUsers} link={<StatLink href="/admin/users">See users</StatLink>} />
      </dl>
      <AdminLiveFigures live={s.live} refreshSeconds={REFRESH_SECONDS} />
    </>
  );
}

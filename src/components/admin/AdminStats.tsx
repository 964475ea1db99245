"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/lib/trpc";

const count = new Intl.NumberFormat();

/** /admin at a glance: who is on Glow, how busy it is, and what waits for support. */
export function AdminStats() {
  const trpc = useTRPC();
  const stats = useQuery(trpc.admin.stats.queryOptions());
  if (stats.error) {
    return (
      <p role="alert" className="mt-4 text-red-800">
        The figures could not be loaded: {stats.error.message}
      </p>
    );
  }
  if (!stats.data) {
    return (
      <p role="status" className="mt-4 text-sm text-stone-600">
        Loading figures…
      </p>
    );
  }
  const s = stats.data;
  return (
    <dl className="mt-4 grid grid-cols-1 gap-3 min-[360px]:grid-cols-2 md:grid-cols-3 lg:grid-cols-4" data-testid="admin-stats">
      <StatCard label="Customers" value={s.users.CUSTOMER} />
      <StatCard label="Artists" value={s.users.ARTIST} />
      <StatCard label="Glow support accounts" value={s.users.ADMIN} />
      <StatCard label="Conversations" value={s.conversations} />
      <StatCard label="Messages today" value={s.messages.today} />
      <StatCard label="Messages in the last 7 days" value={s.messages.last7Days} />
      <StatCard label="Connected sockets" value={s.connectedSockets} />
      <StatCard
        label="Open reports"
        value={s.openReports}
        attention={s.openReports > 0}
        link={<StatLink href="/admin/reports">Review reports</StatLink>}
      />
      <StatCard label="Suspended users" value={s.suspendedUsers} link={<StatLink href="/admin/users">See users</StatLink>} />
    </dl>
  );
}

function StatCard({ label, value, attention = false, link }: { label: string; value: number; attention?: boolean; link?: ReactNode }) {
  return (
    <div className={`flex min-w-0 flex-col rounded-xl border bg-white p-3 shadow-sm sm:p-4 ${attention ? "border-amber-400" : "border-stone-200"}`}>
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="order-first text-2xl font-semibold tabular-nums text-stone-900">{count.format(value)}</dd>
      {link && <dd className="mt-1 text-sm">{link}</dd>}
    </div>
  );
}

function StatLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="font-medium text-brand-700 underline underline-offset-2">
      {children}
    </Link>
  );
}

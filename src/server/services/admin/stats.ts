import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import type { ClusterFigures } from "@/server/metrics/cluster-metrics";
import { liveStatsFrom, type LiveStats } from "./live-stats";

/** /admin at a glance. */
export interface AdminStats {
  users: Record<Role, number>;
  conversations: number;
  messages: { today: number; last7Days: number };
  openReports: number;
  suspendedUsers: number;
  /** From the metrics counters of every running process (the same as GET /api/metrics'). */
  live: LiveStats;
}

/** Midnight today in the app's zone (APP_TIME_ZONE), as an instant. */
export function startOfToday(timeZone: string, now = new Date()): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23" })
      .formatToParts(now)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  // The zone's wall clock now, read as if it were UTC, minus now: the zone's offset.
  const wallAsUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offsetMs = wallAsUtc - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(parts.year!, parts.month! - 1, parts.day!) - offsetMs);
}

export async function readStats(
  deps: { prisma: PrismaClient; timeZone: string; readMetrics: () => Promise<ClusterFigures> },
  now = new Date(),
): Promise<AdminStats> {
  const { prisma } = deps;
  const weekAgo = new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000);
  const [byRole, conversations, today, last7Days, openReports, suspendedUsers, figures] = await Promise.all([
    prisma.user.groupBy({ by: ["role"], _count: true }),
    prisma.conversation.count(),
    prisma.message.count({ where: { createdAt: { gte: startOfToday(deps.timeZone, now) } } }),
    prisma.message.count({ where: { createdAt: { gte: weekAgo } } }),
    prisma.report.count({ where: { status: "OPEN" } }),
    prisma.user.count({ where: { suspendedAt: { not: null }, OR: [{ suspendedUntil: null }, { suspendedUntil: { gt: now } }] } }),
    deps.readMetrics(),
  ]);
  const users: Record<Role, number> = { CUSTOMER: 0, ARTIST: 0, ADMIN: 0 };
  for (const row of byRole) users[row.role] = row._count;
  return { users, conversations, messages: { today, last7Days }, openReports, suspendedUsers, live: liveStatsFrom(figures) };
}

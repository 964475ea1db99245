import type { PrismaClient } from "@/generated/prisma/client";
import type { SqlQuery } from "@/server/db/query";
import type { Metrics } from "@/server/metrics/metrics";
import type { MessageNotifier } from "@/server/push/notifier";
import type { EventBus } from "@/server/realtime/event-bus";
import type { KeywordFilter } from "./keyword-filter";

/** What the domain needs from the outside world; no HTTP, no sockets. */
export interface ServiceDeps {
  prisma: PrismaClient;
  /** The same database without Prisma, for the send's one statement (db/query.ts). */
  sql: SqlQuery;
  bus: EventBus;
  /** The zone booking times are written in (APP_TIME_ZONE). */
  timeZone: string;
  /** This process's copy of the keyword filter. */
  keywordFilter: KeywordFilter;
  /** Push notifications for new messages (src/server/push); absent = none. */
  notifier?: MessageNotifier;
  /** This process's counters (src/server/metrics); absent = nothing counted. */
  metrics?: Pick<Metrics, "messagesSent">;
}

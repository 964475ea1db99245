import type { PrismaClient } from "@/generated/prisma/client";
import type { MessageNotifier } from "@/server/push/notifier";
import type { EventBus } from "@/server/realtime/event-bus";
import type { KeywordFilter } from "./keyword-filter";

/** What the domain needs from the outside world; no HTTP, no sockets. */
export interface ServiceDeps {
  prisma: PrismaClient;
  bus: EventBus;
  /** The zone booking times are written in (APP_TIME_ZONE). */
  timeZone: string;
  /** This process's copy of the keyword filter. */
  keywordFilter: KeywordFilter;
  /** Push notifications for new messages (src/server/push); absent = none. */
  notifier?: MessageNotifier;
}

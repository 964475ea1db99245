import { MessageKind } from "@/generated/prisma/enums";
import type { PendingMessage } from "@/lib/thread-state";
import type { Message } from "@/lib/trpc";
import type { ThreadEntry } from "./message-groups";

/** One message in the thread: confirmed by the server, or mine and still in the outbox. */
export type BubbleEntry = ThreadEntry & ({ message: Message; pending?: undefined } | { pending: PendingMessage; message?: undefined });

/** Confirmed messages in seq order, then mine that are still on their way. */
export function threadEntries(messages: readonly Message[], pending: readonly PendingMessage[], meId: string): BubbleEntry[] {
  return [
    ...messages.map((message) => ({
      key: message.clientId ?? message.id,
      senderId: message.senderId,
      createdAt: message.createdAt,
      system: message.kind === MessageKind.SYSTEM,
      message,
    })),
    ...pending.map((entry) => ({ key: entry.clientId, senderId: meId, createdAt: entry.createdAt, system: false, pending: entry })),
  ];
}

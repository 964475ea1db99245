import type { PrismaClient } from "@/generated/prisma/client";
import type { Presence } from "@/server/realtime/presence";
import { unreadTotal } from "@/server/services/conversations";
import { pushPayload, type PushPayload } from "./payload";

/** A message to tell people about (what the notifier enqueues: ids only, never the words). */
export interface MessageNotice {
  messageId: string;
  /** Who caused it (the sender, or who changed the booking): never notified of it. */
  actorId: string | null;
}

/** One person to push to, and the devices to push to. */
export interface Recipient {
  userId: string;
  subscriptionIds: string[];
}

/**
 * Who gets a push for this message, now: each participant but the one who caused it, unless the
 * message was removed, a block stands between the two (either way), the recipient muted the
 * conversation, or has a focused tab of the app open anywhere (they see it there). Only people
 * with a subscribed device are listed.
 */
export async function recipientsOf(prisma: PrismaClient, presence: Presence, notice: MessageNotice): Promise<Recipient[]> {
  const message = await prisma.message.findUnique({
    where: { id: notice.messageId },
    select: {
      removedAt: true,
      senderId: true,
      conversation: { select: { customerId: true, artistId: true, participants: { select: { userId: true, mutedAt: true } } } },
    },
  });
  if (!message || message.removedAt) return [];
  const { customerId, artistId, participants } = message.conversation;
  const blocked = await prisma.block.count({
    where: { OR: [{ blockerId: customerId, blockedId: artistId }, { blockerId: artistId, blockedId: customerId }] },
  });
  if (blocked > 0) return [];
  const recipients: Recipient[] = [];
  for (const { userId, mutedAt } of participants) {
    if (userId === notice.actorId || userId === message.senderId || mutedAt) continue;
    if (await presence.hasFocusedTab(userId)) continue;
    const devices = await prisma.pushSubscription.findMany({ where: { userId }, select: { id: true }, orderBy: { id: "asc" } });
    if (devices.length > 0) recipients.push({ userId, subscriptionIds: devices.map((d) => d.id) });
  }
  return recipients;
}

/**
 * What the recipient's devices show for the message, read at delivery time (a retry shows the
 * unread total and settings of then); null when the message is gone or was removed since.
 */
export async function payloadFor(prisma: PrismaClient, messageId: string, recipientId: string): Promise<PushPayload | null> {
  const [message, recipient] = await Promise.all([
    prisma.message.findUnique({
      where: { id: messageId },
      select: {
        kind: true,
        text: true,
        removedAt: true,
        conversationId: true,
        _count: { select: { attachments: true } },
        conversation: { select: { customer: { select: { id: true, name: true } }, artist: { select: { id: true, name: true } } } },
      },
    }),
    prisma.user.findUnique({ where: { id: recipientId }, select: { pushPreviews: true } }),
  ]);
  if (!message || message.removedAt || !recipient) return null;
  const { customer, artist } = message.conversation;
  const other = customer.id === recipientId ? artist : customer;
  return pushPayload({
    conversationId: message.conversationId,
    otherPersonName: other.name,
    message: { kind: message.kind, text: message.text, photoCount: message._count.attachments },
    previews: recipient.pushPreviews,
    unreadTotal: (await unreadTotal(prisma, recipientId)).total,
  });
}

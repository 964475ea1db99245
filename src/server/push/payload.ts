import type { MessageKind } from "@/generated/prisma/enums";

/** What the service worker receives (public/sw.js, showPush): one notification per conversation. */
export interface PushPayload {
  /** Who wrote: the other person of the conversation (for a booking change, the person it is with). */
  title: string;
  /** A preview of the message, or just "New message" when the recipient turned previews off. */
  body: string;
  /** The conversation id: a newer push of the same conversation replaces the notification. */
  tag: string;
  /** Where a click goes. */
  url: string;
  /** The recipient's unread total, for the installed app's badge. */
  unreadTotal: number;
}

export const NO_PREVIEW = "New message";

/** A notification shows about two lines; the push service's payload limit is about 4 KB. */
export const PREVIEW_LENGTH = 140;

function shortened(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= PREVIEW_LENGTH ? oneLine : `${oneLine.slice(0, PREVIEW_LENGTH - 1).trimEnd()}…`;
}

/** The body of a push: the words, "Photo"/"3 photos" and the caption, or "New message" without previews. */
export function previewOf(message: { kind: MessageKind; text: string; photoCount: number }, previews: boolean): string {
  if (!previews) return NO_PREVIEW;
  const text = shortened(message.text);
  if (message.photoCount === 0) return text || NO_PREVIEW;
  const photos = message.photoCount === 1 ? "Photo" : `${message.photoCount} photos`;
  return text ? `${photos}: ${text}` : photos;
}

export const conversationUrl = (conversationId: string) => `/messages/${conversationId}`;

export function pushPayload(input: {
  conversationId: string;
  otherPersonName: string;
  message: { kind: MessageKind; text: string; photoCount: number };
  previews: boolean;
  unreadTotal: number;
}): PushPayload {
  return {
    title: input.otherPersonName,
    body: previewOf(input.message, input.previews),
    tag: input.conversationId,
    url: conversationUrl(input.conversationId),
    unreadTotal: input.unreadTotal,
  };
}

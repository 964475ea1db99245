import type { Prisma } from "@/generated/prisma/client";
import type { MessageKind } from "@/generated/prisma/enums";

export interface AttachmentDTO {
  id: string;
  /** The full image (≤ 2048 px), through the authorized route. */
  url: string;
  /** The thumbnail (≤ 480 px). */
  thumbUrl: string;
  width: number;
  height: number;
  mime: string;
}

/** The public shape of a message (API contract). */
export interface MessageDTO {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string | null;
  kind: MessageKind;
  text: string;
  createdAt: Date;
  clientId: string | null;
  bookingId: string | null;
  attachments: AttachmentDTO[];
  /** Contact details were hidden from the text (no confirmed booking yet): the sender's thread says why. */
  contactDetailsHidden: boolean;
  /** Glow support removed it: the text is REMOVED_MESSAGE_TEXT and the photos are gone. */
  removed: boolean;
  /** Its sender deleted their account: the text is empty and the photos are gone (shown as DELETED_MESSAGE_TEXT). */
  deleted: boolean;
}

/** Every read of messages includes their photos, in order. */
export const messageInclude = {
  attachments: {
    orderBy: { position: "asc" },
    select: { id: true, width: true, height: true, mime: true },
  },
} satisfies Prisma.MessageInclude;

export type MessageRow = Prisma.MessageGetPayload<{ include: typeof messageInclude }>;

export const uploadUrls = (id: string) => ({ url: `/api/uploads/${id}/full`, thumbUrl: `/api/uploads/${id}/thumb` });

/** A photo of a message, with the urls of its authorized route. */
export const toAttachmentDTO = (a: MessageRow["attachments"][number]): AttachmentDTO => ({
  id: a.id,
  ...uploadUrls(a.id),
  width: a.width,
  height: a.height,
  mime: a.mime,
});

export function toMessageDTO(row: MessageRow): MessageDTO {
  const removed = row.removedAt !== null;
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    senderId: row.senderId,
    kind: row.kind,
    text: row.text,
    createdAt: row.createdAt,
    clientId: row.clientId,
    bookingId: row.bookingId,
    contactDetailsHidden: row.contactDetailsHidden,
    removed,
    deleted,
    attachments: removed || deleted ? [] : row.attachments.map(toAttachmentDTO),
  };
}

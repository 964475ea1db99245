import type { Message as MessageRow } from "@/generated/prisma/client";

/** The public shape of a message (API contract). */
export interface MessageDTO {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string | null;
  kind: "TEXT" | "IMAGE" | "SYSTEM";
  text: string;
  createdAt: Date;
  clientId: string | null;
  bookingId: string | null;
}

export function toMessageDTO(row: MessageRow): MessageDTO {
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
  };
}

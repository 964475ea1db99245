import type { Prisma } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { isSuspendedAt } from "../access";
import { messageInclude, toAttachmentDTO, toMessageDTO, type MessageDTO, type MessageRow } from "../message-dto";

/** What the admin console shows of a person wherever one appears. */
export interface PersonRef {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** Suspended now (the end of a suspension that has run out does not count). */
  suspended: boolean;
}

export const personSelect = { id: true, name: true, email: true, role: true, suspendedAt: true, suspendedUntil: true } satisfies Prisma.UserSelect;

type PersonRow = Prisma.UserGetPayload<{ select: typeof personSelect }>;

export function toPersonRef(row: PersonRow): PersonRef {
  return { id: row.id, name: row.name, email: row.email, role: row.role, suspended: isSuspendedAt(row) };
}

/**
 * A message as Glow support reads it: what the participants see (text), and what was written
 * when that differs (originalText: contact details hidden, a word masked, or removed by support),
 * with the photos of a removed message still shown, marked.
 */
export interface AdminMessage extends MessageDTO {
  originalText: string | null;
  removedAt: Date | null;
}

export function toAdminMessage(row: MessageRow): AdminMessage {
  const shown = toMessageDTO(row);
  return {
    ...shown,
    attachments: row.attachments.map(toAttachmentDTO),
    originalText: row.originalText,
    removedAt: row.removedAt,
  };
}

export { messageInclude };

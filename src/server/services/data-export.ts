import type { PrismaClient } from "@/generated/prisma/client";
import type { ImageStore } from "@/server/storage/image-store";
import { DELETED_MESSAGE_TEXT } from "@/shared/account-deletion";

/**
 * What a person's data export holds (GET /api/me/export puts it in a zip), as files whose
 * contents are produced as they are read: the database is read a page at a time and each page is
 * written before the next is read, so no export is ever held whole in memory.
 *
 * - profile.json: the account (never the password hash), its settings, its services, the people
 *   it blocked and its sign-ins.
 * - conversations.json: each conversation: id, the other person's name and role, when it began,
 *   and the pair's bookings.
 * - messages/<conversationId>.json: every message of the conversation as the person sees it: seq,
 *   sender ("me", the other person's name, or null for Glow's own lines), kind, text as shown,
 *   time, and the file names of its photos.
 * - photos/<id>.<jpg|webp>: the photos the person uploaded (full size), but those Glow support
 *   removed. Photos the other person sent are named in the messages but not included: they are
 *   the other person's to export.
 */

export interface ExportFile {
  /** Its path in the archive. */
  name: string;
  /** Already compressed (photos): stored as is. */
  compressed: boolean;
  /** Its bytes or text, produced as they are read. */
  content: AsyncIterable<Uint8Array | string>;
}

export interface DataExportDeps {
  prisma: PrismaClient;
  images: ImageStore;
}

/** How many rows one read takes. */
const PAGE = 500;

const EXTENSION: Record<string, string> = { "image/jpeg": "jpg", "image/webp": "webp" };

/** A photo's name in the export: its id with the extension of its type. */
export const photoFileName = (upload: { id: string; mime: string }) => `${upload.id}.${EXTENSION[upload.mime] ?? "bin"}`;

export async function* dataExportFiles(deps: DataExportDeps, userId: string): AsyncGenerator<ExportFile> {
  yield { name: "profile.json", compressed: false, content: profileJson(deps.prisma, userId) };
  yield { name: "conversations.json", compressed: false, content: jsonArray(conversationsOf(deps.prisma, userId)) };
  for await (const conversation of conversationPages(deps.prisma, userId)) {
    const header = { conversationId: conversation.id, with: conversation.other };
    yield {
      name: `messages/${conversation.id}.json`,
      compressed: false,
      content: jsonArray(messagesOf(deps.prisma, userId, conversation.id, conversation.other.name), `${JSON.stringify(header).slice(0, -1)},"messages":`, "}"),
    };
  }
  yield* photoFiles(deps, userId);
}

/** A JSON array written one item a line as the items come, optionally inside an object (prefix/suffix). */
async function* jsonArray(items: AsyncIterable<unknown>, prefix = "", suffix = ""): AsyncGenerator<string> {
  yield `${prefix}[`;
  let first = true;
  for await (const item of items) {
    yield `${first ? "" : ","}\n${JSON.stringify(item)}`;
    first = false;
  }
  yield `\n]${suffix}\n`;
}

async function* profileJson(prisma: PrismaClient, userId: string): AsyncGenerator<string> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      createdAt: true,
      readReceipts: true,
      showPresence: true,
      pushPreviews: true,
      lastSeenAt: true,
      suspendedAt: true,
      suspendedUntil: true,
      suspensionReason: true,
      services: { select: { id: true, name: true, durationMinutes: true, priceCents: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      blocksMade: { select: { createdAt: true, blocked: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
      sessions: { select: { createdAt: true, endedAt: true }, orderBy: { createdAt: "asc" } },
      _count: { select: { pushSubscriptions: true } },
    },
  });
  const profile = {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    createdAt: user.createdAt,
    settings: { readReceipts: user.readReceipts, showPresence: user.showPresence, pushPreviews: user.pushPreviews },
    lastSeenAt: user.lastSeenAt,
    suspension: user.suspendedAt ? { since: user.suspendedAt, until: user.suspendedUntil, reason: user.suspensionReason } : null,
    services: user.services,
    blocked: user.blocksMade.map((b) => ({ id: b.blocked.id, name: b.blocked.name, blockedAt: b.createdAt })),
    signIns: user.sessions.map((s) => ({ startedAt: s.createdAt, endedAt: s.endedAt })),
    devicesWithNotifications: user._count.pushSubscriptions,
  };
  yield `${JSON.stringify(profile, null, 2)}\n`;
}

interface ConversationRef {
  id: string;
  createdAt: Date;
  other: { id: string; name: string; role: string };
}

/** The person's conversations, by id, a page at a time. */
async function* conversationPages(prisma: PrismaClient, userId: string): AsyncGenerator<ConversationRef> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.conversation.findMany({
      where: { OR: [{ customerId: userId }, { artistId: userId }] },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, createdAt: true, customerId: true, customer: { select: { id: true, name: true, role: true } }, artist: { select: { id: true, name: true, role: true } } },
    });
    for (const row of rows) yield { id: row.id, createdAt: row.createdAt, other: row.customerId === userId ? row.artist : row.customer };
    if (rows.length < PAGE) return;
    cursor = rows.at(-1)!.id;
  }
}

async function* conversationsOf(prisma: PrismaClient, userId: string): AsyncGenerator<unknown> {
  for await (const conversation of conversationPages(prisma, userId)) {
    const bookings = await prisma.booking.findMany({
      where: { conversationId: conversation.id },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        status: true,
        startsAt: true,
        note: true,
        createdAt: true,
        updatedAt: true,
        customerId: true,
        cancelledById: true,
        service: { select: { name: true, durationMinutes: true, priceCents: true } },
      },
    });
    yield {
      id: conversation.id,
      with: { name: conversation.other.name, role: conversation.other.role },
      createdAt: conversation.createdAt,
      bookings: bookings.map((b) => ({
        id: b.id,
        service: b.service,
        status: b.status,
        startsAt: b.startsAt,
        note: b.note,
        requestedBy: b.customerId === userId ? "me" : conversation.other.name,
        cancelledBy: b.cancelledById === null ? null : b.cancelledById === userId ? "me" : conversation.other.name,
        createdAt: b.createdAt,
        updatedAt: b.updatedAt,
      })),
    };
  }
}

async function* messagesOf(prisma: PrismaClient, userId: string, conversationId: string, otherName: string): AsyncGenerator<unknown> {
  let afterSeq = 0;
  for (;;) {
    const rows = await prisma.message.findMany({
      where: { conversationId, seq: { gt: afterSeq } },
      orderBy: { seq: "asc" },
      take: PAGE,
      select: {
        seq: true,
        senderId: true,
        kind: true,
        text: true,
        createdAt: true,
        removedAt: true,
        deletedAt: true,
        attachments: { select: { id: true, mime: true }, orderBy: { position: "asc" } },
      },
    });
    for (const m of rows) {
      const shown = m.removedAt === null && m.deletedAt === null;
      yield {
        seq: m.seq,
        sender: m.senderId === null ? null : m.senderId === userId ? "me" : otherName,
        kind: m.kind,
        text: m.deletedAt ? DELETED_MESSAGE_TEXT : m.text,
        createdAt: m.createdAt,
        photos: shown ? m.attachments.map(photoFileName) : [],
        ...(m.removedAt ? { removedByGlowSupport: true } : {}),
        ...(m.deletedAt ? { deleted: true } : {}),
      };
    }
    if (rows.length < PAGE) return;
    afterSeq = rows.at(-1)!.seq;
  }
}

/** The person's photos (full size) from the image store, one at a time. */
async function* photoFiles(deps: DataExportDeps, userId: string): AsyncGenerator<ExportFile> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await deps.prisma.upload.findMany({
      // Glow support removed the message: nobody but Glow support is served it (access.ts).
      where: { uploaderId: userId, storage: deps.images.kind, OR: [{ messageId: null }, { message: { removedAt: null } }] },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, mime: true, fullKey: true },
    });
    for (const upload of rows) {
      const stored = await deps.images.read(upload.fullKey);
      if (!stored) continue; // its file is gone: nothing to give
      yield { name: `photos/${photoFileName(upload)}`, compressed: true, content: stored.type === "bytes" ? once(stored.data) : download(stored.url) };
    }
    if (rows.length < PAGE) return;
    cursor = rows.at(-1)!.id;
  }
}

async function* once(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}

/** A photo behind a signed URL (UploadThing), streamed through. */
async function* download(url: string): AsyncGenerator<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`The image store answered ${response.status} for a photo`);
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

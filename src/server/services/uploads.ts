import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import type { ImageStore } from "@/server/storage/image-store";
import { mayViewUpload, requireConversationAccess } from "./access";
import { processImage } from "./image-processing";

export interface UploadDeps {
  prisma: PrismaClient;
  images: ImageStore;
}

/**
 * Checks, cleans and stores a photo for a conversation the user takes part in. It stays the
 * uploader's until one of their messages in that conversation takes it.
 */
export async function saveUpload(
  deps: UploadDeps,
  user: { id: string },
  conversationId: string,
  bytes: Buffer,
): Promise<{ id: string; width: number; height: number }> {
  await requireConversationAccess(deps.prisma, user.id, conversationId, "upload");
  const { full, thumb } = await processImage(bytes);
  const stored = await Promise.allSettled([
    deps.images.put("photo", full.data, full.mime),
    deps.images.put("thumb", thumb.data, thumb.mime),
  ]);
  const keys = stored.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  if (keys.length < 2) {
    await deps.images.remove(keys).catch(() => {});
    throw (stored.find((r) => r.status === "rejected") as PromiseRejectedResult).reason;
  }
  const [fullKey, thumbKey] = keys as [string, string];
  try {
    const upload = await deps.prisma.upload.create({
      data: {
        conversationId,
        uploaderId: user.id,
        storage: deps.images.kind,
        fullKey,
        thumbKey,
        mime: full.mime,
        width: full.width,
        height: full.height,
        thumbMime: thumb.mime,
        thumbWidth: thumb.width,
        thumbHeight: thumb.height,
        bytes: full.data.length,
      },
      select: { id: true, width: true, height: true },
    });
    return upload;
  } catch (error) {
    // No row, no files: nothing is left half-written.
    await deps.images.remove([fullKey, thumbKey]).catch(() => {});
    throw error;
  }
}

export type ImageVariant = "full" | "thumb";

/**
 * The image for someone allowed to see it: the uploader; once sent, the conversation's
 * participants and admins. Anyone else gets null (a 404 that does not say whether it exists).
 */
export async function readUpload(
  deps: UploadDeps,
  viewer: { id: string; role: Role },
  id: string,
  variant: ImageVariant,
) {
  const upload = await deps.prisma.upload.findUnique({
    where: { id },
    select: {
      uploaderId: true,
      messageId: true,
      conversationId: true,
      fullKey: true,
      thumbKey: true,
      mime: true,
      thumbMime: true,
      storage: true,
      message: { select: { removedAt: true } },
    },
  });
  if (!upload || upload.storage !== deps.images.kind) return null;
  if (!(await mayViewUpload(deps.prisma, viewer, upload))) return null;
  const content = await deps.images.read(variant === "full" ? upload.fullKey : upload.thumbKey);
  if (!content) return null;
  return { content, mime: variant === "full" ? upload.mime : upload.thumbMime };
}

"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { MAX_PHOTOS_PER_MESSAGE } from "@/shared/limits";
import { compressImage } from "./image-compression";
import type { OutgoingPhoto } from "./thread-state";
import { uploadImage, type UploadHandle } from "./upload-image";


export interface PhotoDraft {
  localId: string;
  name: string;
  previewUrl: string;
  status: "preparing" | "uploading" | "ready" | "failed";
  progress: number;
  error?: string;
  uploaded?: { id: string; width: number; height: number };
}

/**
 * The photos being attached to the next message: each is compressed, uploaded with progress,
 * and can be removed; a failed one says why and can be retried.
 */
export function usePhotoDrafts(conversationId: string) {
  const [drafts, setDrafts] = useState<PhotoDraft[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const files = useRef(new Map<string, File>());
  const uploads = useRef(new Map<string, UploadHandle>());

  const update = useCallback(
    (localId: string, patch: Partial<PhotoDraft>) => setDrafts((all) => all.map((d) => (d.localId === localId ? { ...d, ...patch } : d))),
    [],
  );

  const start = useCallback(
    async (localId: string) => {
      const file = files.current.get(localId);
      if (!file) return;
      update(localId, { status: "preparing", progress: 0, error: undefined });
      try {
        const blob = await compressImage(file);
        update(localId, { status: "uploading" });
        const handle = uploadImage(conversationId, blob, file.name || "photo", (progress) => update(localId, { progress }));
        uploads.current.set(localId, handle);
        const uploaded = await handle.promise;
        update(localId, { status: "ready", progress: 1, uploaded });
      } catch (error) {
        if (!files.current.has(localId)) return; // removed while uploading
        update(localId, { status: "failed", error: (error as Error).message });
      } finally {
        uploads.current.delete(localId);
      }
    },
    [conversationId, update],
  );

  const add = useCallback(
    (incoming: File[]) => {
      setNotice(null);
      const room = MAX_PHOTOS_PER_MESSAGE - files.current.size;
      if (incoming.length > room) setNotice(`Up to ${MAX_PHOTOS_PER_MESSAGE} photos per message.`);
      const accepted = incoming.slice(0, Math.max(0, room));
      const added = accepted.map((file) => {
        const localId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
        files.current.set(localId, file);
        return { localId, name: file.name, previewUrl: URL.createObjectURL(file), status: "preparing" as const, progress: 0 };
      });
      setDrafts((all) => [...all, ...added]);
      for (const draft of added) void start(draft.localId);
    },
    [start],
  );

  const remove = useCallback((localId: string) => {
    uploads.current.get(localId)?.abort();
    files.current.delete(localId);
    setDrafts((all) => {
      const draft = all.find((d) => d.localId === localId);
      if (draft) URL.revokeObjectURL(draft.previewUrl);
      return all.filter((d) => d.localId !== localId);
    });
    setNotice(null);
  }, []);

  /** Hands the uploaded photos over (their previews now belong to the pending message). */
  const take = useCallback((): OutgoingPhoto[] => {
    const photos = drafts.flatMap((d) => (d.uploaded ? [{ ...d.uploaded, previewUrl: d.previewUrl }] : []));
    files.current.clear();
    setDrafts([]);
    setNotice(null);
    return photos;
  }, [drafts]);

  useEffect(() => {
    const pending = uploads.current;
    return () => pending.forEach((handle) => handle.abort());
  }, []);

  const busy = drafts.some((d) => d.status === "preparing" || d.status === "uploading");
  const failed = drafts.some((d) => d.status === "failed");
  return { drafts, notice, add, remove, retry: start, take, busy, failed, ready: drafts.filter((d) => d.status === "ready").length };
}

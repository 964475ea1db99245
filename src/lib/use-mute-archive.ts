"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "./trpc";

/**
 * Mute or archive a conversation, or undo it. My other devices hear of it through the inbox
 * stream; this tab refreshes the thread header, the inbox and the unread total at once.
 */
export function useMuteAndArchive() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.conversation.byId.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.conversation.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.conversation.unreadTotal.pathKey() }),
    ]);
  const mute = useMutation(trpc.conversation.mute.mutationOptions({ onSuccess: refresh }));
  const archive = useMutation(trpc.conversation.archive.mutationOptions({ onSuccess: refresh }));
  return { mute, archive };
}

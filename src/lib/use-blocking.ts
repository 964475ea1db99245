"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "./trpc";

/**
 * Block and unblock someone. The server tells both people's open threads and inboxes (an inbox
 * event); this tab refreshes at once as well, so the one who clicked never waits for the socket.
 */
export function useBlocking() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.conversation.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.user.blocked.queryKey() }),
    ]);
  const block = useMutation(trpc.user.block.mutationOptions({ onSuccess: refresh }));
  const unblock = useMutation(trpc.user.unblock.mutationOptions({ onSuccess: refresh }));
  return { block, unblock };
}

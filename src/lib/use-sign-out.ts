"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { forgetPushOnThisDevice } from "./push-client";
import { forgetPersistedQueries } from "./query-persistence";
import { clearPageCache } from "./service-worker";
import { expectSessionToEnd, useTRPCClient } from "./trpc";

/**
 * Signs this browser out (next-auth ends the session on the server, everywhere) and leaves
 * nothing of the user on the device for the next one: not their push subscription (forgotten while
 * the session still holds), not the kept pages, not the copy of their queries (stopped first, so it
 * is not written back), not memory. Then the sign-in page.
 */
export function useSignOut(): () => Promise<void> {
  const router = useRouter();
  const queryClient = useQueryClient();
  const client = useTRPCClient();
  return async () => {
    await forgetPushOnThisDevice(client);
    expectSessionToEnd();
    await signOut({ redirect: false });
    await Promise.all([clearPageCache(), forgetPersistedQueries()]);
    queryClient.clear();
    router.replace("/login");
    router.refresh();
  };
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { forgetPersistedQueries } from "@/lib/query-persistence";
import { clearPageCache } from "@/lib/service-worker";

export function SignOutButton() {
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <button
      type="button"
      onClick={async () => {
        await signOut({ redirect: false });
        // Nothing of the previous user's stays on this device for the next one: not the kept
        // pages, not the copy of their queries (stopped first, so it is not written back), not memory.
        await Promise.all([clearPageCache(), forgetPersistedQueries()]);
        queryClient.clear();
        router.replace("/login");
        router.refresh();
      }}
      className="whitespace-nowrap rounded-md px-2 py-1.5 text-sm font-medium sm:px-3 text-stone-600 hover:bg-stone-100 hover:text-stone-900"
    >
      Sign out
    </button>
  );
}

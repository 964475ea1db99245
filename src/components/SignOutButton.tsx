"use client";

import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { clearPageCache } from "@/lib/service-worker";

export function SignOutButton() {
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <button
      type="button"
      onClick={async () => {
        await signOut({ redirect: false });
        await clearPageCache();
        // Nothing of the previous user's stays in memory for the next one on this device.
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

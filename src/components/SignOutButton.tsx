"use client";

import { useSignOut } from "@/lib/use-sign-out";

export function SignOutButton() {
  const signOut = useSignOut();
  return (
    <button
      type="button"
      onClick={() => void signOut()}
      className="whitespace-nowrap rounded-md px-2 py-1.5 text-sm font-medium sm:px-3 text-stone-600 hover:bg-stone-100 hover:text-stone-900"
    >
      Sign out
    </button>
  );
}

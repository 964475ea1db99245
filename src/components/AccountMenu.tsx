"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { Avatar } from "./Avatar";
import { SignOutButton } from "./SignOutButton";

/**
 * Who is signed in (a link to the account page), and "Sign out". From the small breakpoint both sit in the header; on a phone
 * they open from the avatar, so the main links keep the room.
 */
export function AccountMenu({ name }: { name: string }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={root} className="relative flex items-center">
      <button
        ref={toggle}
        type="button"
        className="rounded-full p-0.5 sm:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        {/* The initials are decoration: the name is "Account" (a label over them would not match what shows). */}
        <span aria-hidden>
          <Avatar name={name} size="sm" />
        </span>
        <span className="sr-only">Account</span>
      </button>
      <div
        id={panelId}
        className={`${open ? "flex" : "hidden"} absolute right-0 top-full z-30 mt-2 w-64 max-w-[calc(100vw-1rem)] flex-col items-start gap-2 rounded-xl border border-stone-200 bg-white p-3 shadow-lg sm:static sm:mt-0 sm:flex sm:w-auto sm:max-w-none sm:flex-row sm:items-center sm:border-0 sm:bg-transparent sm:p-0 sm:shadow-none`}
      >
        <Link
          href="/account"
          dir="auto"
          title="Account: password, sign out everywhere"
          className="max-w-full truncate rounded-md px-1 text-sm text-stone-700 underline-offset-2 hover:underline sm:max-w-[12rem]"
          data-testid="signed-in-as"
        >
          {name}
        </Link>
        <SignOutButton />
      </div>
    </div>
  );
}

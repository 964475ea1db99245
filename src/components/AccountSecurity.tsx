"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { expectSessionToEnd, useTRPC } from "@/lib/trpc";
import { useSignOut } from "@/lib/use-sign-out";
import { buttonClass } from "./button-styles";

const inputClass =
  "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 shadow-sm focus:border-brand-500";

/** A section of the account page (here and in BlockedPeople). */
export const accountSectionClass = "mt-6 rounded-2xl border border-stone-200 bg-white p-5 shadow-sm";

/** Change the password (other devices are signed out), and sign out everywhere. */
export function AccountSecurity() {
  return (
    <>
      <ChangePassword />
      <SignOutEverywhere />
    </>
  );
}

function ChangePassword() {
  const trpc = useTRPC();
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setDone(null);
    const result = await change
      .mutateAsync({ currentPassword: String(data.get("currentPassword") ?? ""), newPassword: String(data.get("newPassword") ?? "") })
      .catch(() => null);
    if (!result) return;
    form.reset();
    const others = result.endedOtherSessions;
    setDone(`Password changed.${others ? ` ${others === 1 ? "One other device was" : `${others} other devices were`} signed out.` : ""}`);
  }

  return (
    <section className={accountSectionClass} aria-labelledby="change-password">
      <h2 id="change-password" className="text-lg font-semibold">
        Change password
      </h2>
      <p className="mt-1 text-sm text-stone-600">Every other device signed in to your account is signed out; this one stays signed in.</p>
      <form className="mt-4 space-y-4" onSubmit={(event) => void onSubmit(event)}>
        <label className="block text-sm font-medium text-stone-700">
          Current password
          <input name="currentPassword" type="password" required maxLength={200} autoComplete="current-password" className={inputClass} />
        </label>
        <label className="block text-sm font-medium text-stone-700">
          New password
          <input name="newPassword" type="password" required minLength={8} maxLength={200} autoComplete="new-password" className={inputClass} />
          <span className="mt-1 block text-xs text-stone-600">At least 8 characters.</span>
        </label>
        {change.error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {change.error.message}
          </p>
        )}
        {done && (
          <p role="status" className="rounded-lg bg-green-50 px-3 py-2 text-sm text-green-800">
            {done}
          </p>
        )}
        <button type="submit" disabled={change.isPending} className={buttonClass("primary")}>
          {change.isPending ? "One moment…" : "Change password"}
        </button>
      </form>
    </section>
  );
}

function SignOutEverywhere() {
  const trpc = useTRPC();
  const signOut = useSignOut();
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onMutate: () => expectSessionToEnd(),
      onSuccess: () => signOut(),
      onError: () => expectSessionToEnd(false),
    }),
  );
  return (
    <section className={accountSectionClass} aria-labelledby="sign-out-everywhere">
      <h2 id="sign-out-everywhere" className="text-lg font-semibold">
        Sign out everywhere
      </h2>
      <p className="mt-1 text-sm text-stone-600">
        Ends every session of your account, on every phone and computer, this one included. Use it if you signed in on a device you no
        longer have.
      </p>
      {everywhere.error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {everywhere.error.message}
        </p>
      )}
      <button type="button" disabled={everywhere.isPending} onClick={() => everywhere.mutate()} className={`${buttonClass("secondary")} mt-4`}>
        {everywhere.isPending ? "Signing out…" : "Sign out everywhere"}
      </button>
    </section>
  );
}

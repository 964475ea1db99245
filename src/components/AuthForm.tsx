"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Role } from "@/generated/prisma/enums";
import { useTRPC } from "@/lib/trpc";
import { safePath } from "@/shared/safe-path";
import { buttonClass } from "./button-styles";

type Mode = "signin" | "signup";

const inputClass =
  "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 shadow-sm placeholder:text-stone-400 focus:border-brand-500";

export function AuthForm({ returnTo }: { returnTo: string }) {
  const trpc = useTRPC();
  const [mode, setMode] = useState<Mode>("signin");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const register = useMutation(trpc.auth.register.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    setError(null);
    setBusy(true);
    try {
      if (mode === "signup") {
        await register.mutateAsync({
          email,
          password,
          name: String(form.get("name") ?? ""),
          role: form.get("role") === Role.ARTIST ? Role.ARTIST : Role.CUSTOMER,
        });
      }
      const result = await signIn("credentials", { email, password, redirect: false });
      if (!result || result.error) {
        setError(
          result?.error && result.error !== "CredentialsSignin"
            ? result.error
            : "That email and password do not match an account. Check them and try again.",
        );
        return;
      }
      // A full navigation, so the server-rendered header picks up the new session; checked here
      // too, as the form may be given a returnTo by more than the sign-in page.
      window.location.assign(safePath(returnTo, window.location.origin));
    } catch (e) {
      setError(e instanceof Error ? e.message : "Something went wrong. Try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="w-full max-w-sm rounded-2xl border border-stone-200 bg-white p-6 shadow-sm">
      <h1 className="text-xl font-semibold">{mode === "signin" ? "Sign in to Glow" : "Create your account"}</h1>
      <p className="mt-1 text-sm text-stone-600">
        {mode === "signin" ? "Message your artists and customers." : "Book artists, or offer your services."}
      </p>
      <form className="mt-6 space-y-4" onSubmit={onSubmit} noValidate={false}>
        {mode === "signup" && (
          <>
            <label className="block text-sm font-medium text-stone-700">
              Name
              <input name="name" required maxLength={80} autoComplete="name" dir="auto" className={inputClass} />
            </label>
            <fieldset>
              <legend className="text-sm font-medium text-stone-700">I am</legend>
              <div className="mt-1 grid grid-cols-2 gap-2">
                {(
                  [
                    [Role.CUSTOMER, "a customer"],
                    [Role.ARTIST, "an artist"],
                  ] as const
                ).map(([value, label]) => (
                  <label
                    key={value}
                    className="flex cursor-pointer items-center gap-2 rounded-lg border border-stone-300 px-3 py-2 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
                  >
                    <input type="radio" name="role" value={value} defaultChecked={value === Role.CUSTOMER} className="accent-brand-600" />
                    {label}
                  </label>
                ))}
              </div>
            </fieldset>
          </>
        )}
        <label className="block text-sm font-medium text-stone-700">
          Email
          <input name="email" type="email" required autoComplete="email" className={inputClass} />
        </label>
        <label className="block text-sm font-medium text-stone-700">
          Password
          <input
            name="password"
            type="password"
            required
            minLength={mode === "signup" ? 8 : 1}
            maxLength={200}
            autoComplete={mode === "signup" ? "new-password" : "current-password"}
            className={inputClass}
          />
          {mode === "signup" && <span className="mt-1 block text-xs text-stone-600">At least 8 characters.</span>}
        </label>
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={busy}
          className={`${buttonClass("primary", "lg")} w-full`}
        >
          {busy ? "One moment…" : mode === "signin" ? "Sign in" : "Create account"}
        </button>
      </form>
      <p className="mt-4 text-center text-sm text-stone-600">
        {mode === "signin" ? "New here?" : "Already have an account?"}{" "}
        <button
          type="button"
          className="font-medium text-brand-700 underline-offset-2 hover:underline"
          onClick={() => {
            setMode(mode === "signin" ? "signup" : "signin");
            setError(null);
          }}
        >
          {mode === "signin" ? "Create an account" : "Sign in"}
        </button>
      </p>
    </div>
  );
}

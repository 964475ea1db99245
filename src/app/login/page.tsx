import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/AuthForm";
import { currentUser } from "@/server/auth/current-user";
import { safePath } from "@/shared/safe-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Only a path of this site is followed after sign-in, so a link cannot bounce people elsewhere.
  const returnTo = safePath(params.callbackUrl);
  if (await currentUser()) redirect(returnTo);
  return (
    <div className="flex flex-1 flex-col items-center justify-start gap-4 px-4 py-10 sm:justify-center">
      {params.ended === "1" && (
        <p role="status" className="w-full max-w-sm rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="session-ended">
          You were signed out (on this or another device). Sign in again to go on.
        </p>
      )}
      <AuthForm returnTo={returnTo} />
    </div>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/AuthForm";
import { currentUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths are followed after sign-in, so the link cannot bounce people elsewhere. */
function safeReturnPath(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  return path && path.startsWith("/") && !path.startsWith("//") ? path : "/messages";
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
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

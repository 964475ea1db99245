import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/AuthForm";
import { currentUser } from "@/server/auth/current-user";
import { safePath } from "@/shared/safe-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Only a path of this site is followed after sign-in, so a link cannot bounce people elsewhere.
  const returnTo = safePath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(returnTo);
  return (
    <div className="flex flex-1 items-start justify-center px-4 py-10 sm:items-center">
      <AuthForm returnTo={returnTo} />
    </div>
  );
}

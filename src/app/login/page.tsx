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
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(returnTo);
  return (
    <div className="flex flex-1 items-start justify-center px-4 py-10 sm:items-center">
      <AuthForm returnTo={returnTo} />
    </div>
  );
}

import Link from "next/link";
import type { Role } from "@/generated/prisma/enums";
import { AccountMenu } from "./AccountMenu";
import { ConnectionStatus } from "./ConnectionStatus";
import { MainNav } from "./MainNav";
import { SignedOutAppBadge } from "./SignedOutAppBadge";

/** The signed-in person, as the header needs them. */
export interface HeaderUser {
  id: string;
  name: string;
  role: Role;
}

/**
 * One row at every width from 320 px up: on a phone the links are icons with short labels and the
 * name and "Sign out" sit behind the avatar; from the small breakpoint they are spelled out.
 */
export function Header({ user }: { user: HeaderUser | null }) {
  return (
    <header className="sticky top-0 z-20 border-b border-stone-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-1 px-2 sm:gap-2 sm:px-4">
        <Link href="/" className="shrink-0 rounded-md px-1 text-lg font-semibold tracking-tight text-brand-700 sm:mr-2">
          Glow
        </Link>
        {user ? <MainNav user={user} /> : <SignedOutAppBadge />}
        {user && (
          <div className="ml-auto flex shrink-0 items-center gap-2">
            <ConnectionStatus />
            <AccountMenu name={user.name} />
          </div>
        )}
      </div>
    </header>
  );
}

import Link from "next/link";
import type { CurrentUser } from "@/server/auth/current-user";
import { ConnectionStatus } from "./ConnectionStatus";
import { SignOutButton } from "./SignOutButton";

export function Header({ user }: { user: CurrentUser | null }) {
  return (
    <header className="sticky top-0 z-20 border-b border-stone-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-3 sm:px-4">
        <Link href="/" className="mr-1 text-lg font-semibold tracking-tight text-brand-700 sm:mr-2">
          Glow
        </Link>
        {user && (
          <nav aria-label="Main" className="flex min-w-0 items-center gap-0.5 overflow-x-auto whitespace-nowrap text-sm sm:gap-1">
            <Link href="/messages" className="rounded-md px-2 py-1.5 font-medium text-stone-700 hover:bg-stone-100 sm:px-3">
              Messages
            </Link>
            {user.role !== "ADMIN" && (
              <Link href="/bookings" className="rounded-md px-2 py-1.5 font-medium text-stone-700 hover:bg-stone-100 sm:px-3">
                Bookings
              </Link>
            )}
            {user.role === "CUSTOMER" && (
              <Link href="/artists" className="rounded-md px-2 py-1.5 font-medium text-stone-700 hover:bg-stone-100 sm:px-3">
                Artists
              </Link>
            )}
            {user.role === "ARTIST" && (
              <Link href={`/artists/${user.id}`} className="rounded-md px-2 py-1.5 font-medium text-stone-700 hover:bg-stone-100 sm:px-3">
                My services
              </Link>
            )}
          </nav>
        )}
        <div className="ml-auto flex shrink-0 items-center gap-2">
          {user && (
            <>
              <ConnectionStatus />
              <span className="hidden text-sm text-stone-600 sm:inline" data-testid="signed-in-as">
                {user.name}
              </span>
              <SignOutButton />
            </>
          )}
        </div>
      </div>
    </header>
  );
}

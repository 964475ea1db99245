import type { RouterOutputs } from "@/lib/trpc";

/** A person as the admin console shows one wherever they appear (search results, a conversation's header). */
export type PersonRef = RouterOutputs["admin"]["conversations"]["search"]["items"][number]["customer"];

const ROLE_LABEL: Record<PersonRef["role"], string> = { CUSTOMER: "Customer", ARTIST: "Artist", ADMIN: "Glow support" };

/** Name, email and role, and whether they are suspended now: who a support case is about at a glance. */
export function PersonBadge({ person }: { person: PersonRef }) {
  return (
    <span className="flex min-w-0 flex-col" data-testid="person">
      <span className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5">
        <span dir="auto" className="min-w-0 truncate font-medium text-stone-900">
          {person.name}
        </span>
        <span className="text-xs text-stone-600">{ROLE_LABEL[person.role]}</span>
        {person.suspended && (
          <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900" data-testid="suspended-badge">
            Suspended
          </span>
        )}
      </span>
      <span className="min-w-0 truncate text-sm text-stone-600 [overflow-wrap:anywhere]">{person.email}</span>
    </span>
  );
}

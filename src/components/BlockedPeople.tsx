"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDay } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { useBlocking } from "@/lib/use-blocking";
import { accountSectionClass } from "./AccountSecurity";
import { Avatar } from "./Avatar";
import { buttonClass } from "./button-styles";
import { LocalTime } from "./LocalTime";

/** The people I blocked, each with Unblock: the one place to find a block again after the thread is gone from view. */
export function BlockedPeople() {
  const trpc = useTRPC();
  const blocked = useQuery(trpc.user.blocked.queryOptions());
  const { unblock } = useBlocking();
  return (
    <section className={accountSectionClass} aria-labelledby="blocked-people">
      <h2 id="blocked-people" className="text-lg font-semibold">
        Blocked people
      </h2>
      <p className="mt-1 text-sm text-stone-600">You and the people you block can&apos;t message or book each other. Your conversations stay visible.</p>
      {blocked.error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {blocked.error.message}
        </p>
      )}
      {unblock.error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {unblock.error.message}
        </p>
      )}
      {blocked.data &&
        (blocked.data.length === 0 ? (
          <p className="mt-4 text-sm text-stone-600">You haven&apos;t blocked anyone.</p>
        ) : (
          <ul className="mt-4 divide-y divide-stone-100" data-testid="blocked-people">
            {blocked.data.map((person) => (
              <li key={person.id} className="flex min-w-0 items-center gap-3 py-2.5">
                <Avatar name={person.name} size="sm" />
                <span className="min-w-0 flex-1">
                  <span dir="auto" className="block truncate font-medium">
                    {person.name}
                  </span>
                  <span className="block text-xs text-stone-600">
                    Blocked · <LocalTime date={person.blockedAt} show={formatDay} />
                  </span>
                </span>
                <button
                  type="button"
                  disabled={unblock.isPending && unblock.variables?.userId === person.id}
                  onClick={() => unblock.mutate({ userId: person.id })}
                  aria-label={`Unblock ${person.name}`}
                  className={`${buttonClass("secondary", "sm")} shrink-0`}
                >
                  Unblock
                </button>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

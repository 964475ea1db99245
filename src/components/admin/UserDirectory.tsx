"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { useTRPC, type RouterInputs } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { ListSkeleton } from "../Skeleton";
import { fieldClass, labelClass } from "./admin-field-styles";
import { LoadMoreButton } from "./LoadMoreButton";
import { ServerError } from "./ServerError";
import { UserRow } from "./UserRow";

type Search = RouterInputs["admin"]["users"]["search"];
type Role = NonNullable<Search["role"]>;

const ROLES: { value: Role | ""; label: string }[] = [
  { value: "", label: "All" },
  { value: "CUSTOMER", label: "Customers" },
  { value: "ARTIST", label: "Artists" },
  { value: "ADMIN", label: "Admins" },
];

/** Everyone on Glow, newest accounts first: find a person by name, email or id, and their standing. */
export function UserDirectory() {
  const trpc = useTRPC();
  const queryId = useId();
  const roleId = useId();
  // What was searched for: the fields change nothing until Search.
  const [search, setSearch] = useState<{ query?: string; role?: Role }>({});
  const users = useInfiniteQuery(trpc.admin.users.search.infiniteQueryOptions(search, { getNextPageParam: (page) => page.nextCursor ?? undefined }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const query = String(form.get("query") ?? "").trim();
    const role = String(form.get("role") ?? "") as Role | "";
    setSearch({ query: query || undefined, role: role || undefined });
  };

  const items = users.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <form role="search" aria-label="Users" onSubmit={submit} className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor={queryId} className={labelClass}>
            Search users
          </label>
          <input id={queryId} name="query" type="search" maxLength={200} placeholder="Name, email or id" className={fieldClass} />
        </div>
        <div>
          <label htmlFor={roleId} className={labelClass}>
            Role
          </label>
          <select id={roleId} name="role" defaultValue="" className={`${fieldClass} sm:w-40`}>
            {ROLES.map((role) => (
              <option key={role.value} value={role.value}>
                {role.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonClass("primary", "lg")}>
          Search
        </button>
      </form>

      {!users.data ? (
        users.isError ? (
          <ServerError error={users.error} className="mt-4" />
        ) : (
          <div className="mt-4 rounded-2xl border border-stone-200 bg-white">
            <ListSkeleton label="Loading people" />
          </div>
        )
      ) : items.length === 0 ? (
        <p className="mt-6 text-sm text-stone-600">Nobody matches.</p>
      ) : (
        <ul className="mt-4 divide-y divide-stone-200 rounded-2xl border border-stone-200 bg-white" aria-label="People">
          {items.map((user) => (
            <UserRow key={user.id} user={user} />
          ))}
        </ul>
      )}
      <ServerError error={users.isFetchNextPageError ? users.error : null} className="mt-4" />
      <LoadMoreButton list={users} />
    </>
  );
}

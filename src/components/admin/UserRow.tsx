"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatBookingTime, formatDay } from "@/lib/format";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { LocalTime } from "../LocalTime";
import { ServerError } from "./ServerError";
import { UserDeleteDialog } from "./UserDeleteDialog";
import { UserSuspendDialog } from "./UserSuspendDialog";

export type DirectoryUser = RouterOutputs["admin"]["users"]["search"]["items"][number];

const ROLE_LABELS: Record<DirectoryUser["role"], string> = { CUSTOMER: "Customer", ARTIST: "Artist", ADMIN: "Admin" };

/** Invalidates what shows a person's standing: the directory, the queue's badges and the overview. */
export function useStandingChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.admin.users.pathFilter()),
      queryClient.invalidateQueries(trpc.admin.reports.list.pathFilter()),
      queryClient.invalidateQueries(trpc.admin.stats.pathFilter()),
    ]);
}

/**
 * One person: who they are, their standing and reports, and suspending or lifting it, or deleting
 * the account (never an admin's; a deleted account has nothing left to act on).
 */
export function UserRow({ user }: { user: DirectoryUser }) {
  const trpc = useTRPC();
  const standingChanged = useStandingChanged();
  const [suspending, setSuspending] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const unsuspend = useMutation(trpc.admin.users.unsuspend.mutationOptions({ onSuccess: standingChanged }));

  return (
    <li data-testid="user-row" className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-start">
      <div className="min-w-0 flex-1 text-sm">
        <p className="flex flex-wrap items-baseline gap-x-2">
          <span dir="auto" className="text-base font-medium">
            {user.name}
          </span>
          <span className="rounded-full bg-stone-100 px-2 py-0.5 text-xs text-stone-700">{ROLE_LABELS[user.role]}</span>
        </p>
        <p className="break-all text-stone-700">{user.email}</p>
        <p className="mt-1 text-xs text-stone-600">
          Joined <LocalTime date={user.createdAt} show={formatDay} /> · Reports against them: {user.reports.total} ({user.reports.open} open)
        </p>
        {user.deletedAt ? (
          <p className="mt-1 font-medium text-stone-700" data-testid="user-deleted">
            Account deleted <LocalTime date={user.deletedAt} show={formatDay} />
          </p>
        ) : user.suspension ? (
          <p className="mt-1 text-red-800">
            <span className="font-medium">
              Suspended until {user.suspension.until ? <LocalTime date={user.suspension.until} show={formatBookingTime} /> : "lifted"}
            </span>
            {user.suspension.reason && (
              <span dir="auto" className="block break-words text-stone-700">
                Reason: {user.suspension.reason}
              </span>
            )}
          </p>
        ) : (
          <p className="mt-1 font-medium text-emerald-800">Active</p>
        )}
        <ServerError error={unsuspend.error} className="mt-2" />
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2">
        <Link href={`/admin/conversations?userId=${user.id}`} className={buttonClass("secondary", "sm")} aria-label={`Conversations of ${user.name}`}>
          Conversations
        </Link>
        {user.role !== "ADMIN" &&
          !user.deletedAt &&
          (user.suspension ? (
            <button
              type="button"
              disabled={unsuspend.isPending}
              onClick={() => unsuspend.mutate({ userId: user.id })}
              aria-label={`Unsuspend ${user.name}`}
              className={buttonClass("secondary", "sm")}
            >
              Unsuspend
            </button>
          ) : (
            <button type="button" onClick={() => setSuspending(true)} aria-label={`Suspend ${user.name}`} className={buttonClass("danger", "sm")}>
              Suspend
            </button>
          ))}
        {user.role !== "ADMIN" && !user.deletedAt && (
          <button type="button" onClick={() => setDeleting(true)} aria-label={`Delete ${user.name}'s account`} className={buttonClass("danger", "sm")}>
            Delete
          </button>
        )}
      </div>
      {suspending && <UserSuspendDialog user={user} onDone={standingChanged} onClose={() => setSuspending(false)} />}
      {deleting && <UserDeleteDialog user={user} onDone={standingChanged} onClose={() => setDeleting(false)} />}
    </li>
  );
}

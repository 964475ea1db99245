"use client";

import { useBlocking } from "@/lib/use-blocking";
import { buttonClass } from "../button-styles";

/**
 * Where the composer was, while a block stands between the two. The one who blocked is told so and
 * can lift it here; the other is only told they can't send: never who blocked whom. Once the other
 * person deleted their account, that is what it says: the history stays, nothing more can be sent.
 */
export function SendingClosed({ person, blockedByMe, personDeleted }: { person: { id: string; name: string }; blockedByMe: boolean; personDeleted: boolean }) {
  const { unblock } = useBlocking();
  return (
    <div className="border-t border-stone-200 bg-white px-4 py-3 text-sm text-stone-700" data-testid="sending-closed">
      {personDeleted ? (
        <p>This account was deleted. The conversation stays here for your records, but no more messages can be sent.</p>
      ) : blockedByMe ? (
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
          <p dir="auto">You blocked {person.name}. Unblock them to send messages.</p>
          <button type="button" disabled={unblock.isPending} onClick={() => unblock.mutate({ userId: person.id })} className={buttonClass("secondary")}>
            Unblock
          </button>
        </div>
      ) : (
        <p>You can&apos;t send messages in this conversation.</p>
      )}
      {unblock.error && (
        <p role="alert" className="mt-2 text-red-700">
          {unblock.error.message}
        </p>
      )}
    </div>
  );
}

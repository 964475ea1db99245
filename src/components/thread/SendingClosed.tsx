"use client";

import { useBlocking } from "@/lib/use-blocking";
import { buttonClass } from "../button-styles";

/**
 * Where the composer was, while a block stands between the two. The one who blocked is told so and
 * can lift it here; the other is only told they can't send: never who blocked whom.
 */
export function SendingClosed({ person, blockedByMe }: { person: { id: string; name: string }; blockedByMe: boolean }) {
  const { unblock } = useBlocking();
  return (
    <div className="border-t border-stone-200 bg-white px-4 py-3 text-sm text-stone-700" data-testid="sending-closed">
      {blockedByMe ? (
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

"use client";

import { useState } from "react";
import { useBlocking } from "@/lib/use-blocking";
import { useMuteAndArchive } from "@/lib/use-mute-archive";
import { DotsIcon } from "../ui/DotsIcon";
import { Menu, type MenuItem } from "../ui/Menu";

/**
 * The thread header's "⋯": mute or archive the conversation (when given), report the other person,
 * block them, or lift my block. Unblocking, muting and archiving need no confirmation (each is
 * undone from the same menu); blocking and reporting open dialogs.
 */
export function PersonMenu({
  person,
  blockedByMe,
  canBlock,
  onReport,
  onBlock,
  conversation,
}: {
  person: { id: string; name: string };
  blockedByMe: boolean;
  /** Glow support can be reported but not blocked. */
  canBlock: boolean;
  onReport: () => void;
  onBlock: () => void;
  /** My conversation with them, as conversation.byId has it: then it can be muted and archived here. */
  conversation?: { id: string; muted: boolean; archived: boolean };
}) {
  const [open, setOpen] = useState(false);
  const { unblock } = useBlocking();
  const { mute, archive } = useMuteAndArchive();
  const items: MenuItem[] = [];
  if (conversation) {
    const conversationId = conversation.id;
    // Each item turns its state over.
    const muted = !conversation.muted;
    const archived = !conversation.archived;
    items.push(
      { label: conversation.muted ? "Unmute notifications" : "Mute notifications", onSelect: () => mute.mutate({ conversationId, muted }) },
      { label: conversation.archived ? "Move to inbox" : "Archive conversation", onSelect: () => archive.mutate({ conversationId, archived }) },
    );
  }
  items.push({ label: `Report ${person.name}`, onSelect: onReport });
  if (blockedByMe) items.push({ label: `Unblock ${person.name}`, onSelect: () => unblock.mutate({ userId: person.id }) });
  else if (canBlock) items.push({ label: `Block ${person.name}`, onSelect: onBlock });

  const failure = mute.error
    ? { text: `Could not ${mute.variables?.muted ? "mute" : "unmute"} this conversation: ${mute.error.message}`, dismiss: mute.reset }
    : archive.error
      ? {
          text: `Could not ${archive.variables?.archived ? "archive this conversation" : "move this conversation to the inbox"}: ${archive.error.message}`,
          dismiss: archive.reset,
        }
      : null;
  return (
    <>
      <Menu
        label={`More actions for ${person.name}`}
        items={items}
        open={open}
        onOpenChange={setOpen}
        testId="person-menu"
        buttonClassName="flex h-9 w-9 items-center justify-center rounded-full text-stone-700 hover:bg-stone-100 aria-expanded:bg-stone-100"
      >
        <DotsIcon />
      </Menu>
      {failure && (
        // Just under the header, over the thread, until dismissed (or the next try succeeds).
        <div
          role="alert"
          className="fixed inset-x-2 top-16 z-30 mx-auto flex max-w-sm items-start gap-2 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 shadow-md"
        >
          <span className="min-w-0 flex-1">{failure.text}</span>
          <button type="button" onClick={failure.dismiss} className="shrink-0 font-medium underline">
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}

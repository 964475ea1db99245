"use client";

import { useState } from "react";
import { useBlocking } from "@/lib/use-blocking";
import { DotsIcon } from "../ui/DotsIcon";
import { Menu, type MenuItem } from "../ui/Menu";

/**
 * The thread header's "⋯": report the other person, block them, or lift my block. Unblocking needs
 * no confirmation (it only gives back what blocking took); blocking and reporting open dialogs.
 */
export function PersonMenu({
  person,
  blockedByMe,
  canBlock,
  onReport,
  onBlock,
}: {
  person: { id: string; name: string };
  blockedByMe: boolean;
  /** Glow support can be reported but not blocked. */
  canBlock: boolean;
  onReport: () => void;
  onBlock: () => void;
}) {
  const [open, setOpen] = useState(false);
  const { unblock } = useBlocking();
  const items: MenuItem[] = [{ label: `Report ${person.name}`, onSelect: onReport }];
  if (blockedByMe) items.push({ label: `Unblock ${person.name}`, onSelect: () => unblock.mutate({ userId: person.id }) });
  else if (canBlock) items.push({ label: `Block ${person.name}`, onSelect: onBlock });
  return (
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
  );
}

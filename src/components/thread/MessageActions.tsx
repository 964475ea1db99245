"use client";

import { useState, type ReactNode } from "react";
import { useLongPress } from "@/lib/use-long-press";
import { DotsIcon } from "../ui/DotsIcon";
import { Menu } from "../ui/Menu";

/**
 * Someone else's message, with its menu (Report): a "⋯" beside it that shows on hover and on
 * keyboard focus (it is in the tab order), and a long press on the message on a touch screen.
 */
export function MessageActions({ senderName, onReport, children }: { senderName: string; onReport: () => void; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const longPress = useLongPress(() => setOpen(true));
  return (
    <div className="group flex min-w-0 max-w-full items-center gap-1">
      {/* No callout on iOS: a long press here opens our menu, not the system's. */}
      <div className="flex min-w-0 max-w-full flex-col items-start [-webkit-touch-callout:none]" data-testid="message-body" {...longPress}>
        {children}
      </div>
      <Menu
        label={`Actions for ${senderName ? `${senderName}'s` : "this"} message`}
        items={[{ label: "Report message", onSelect: onReport }]}
        open={open}
        onOpenChange={setOpen}
        testId="message-menu"
        buttonClassName="flex h-8 w-8 shrink-0 items-center justify-center rounded-full text-stone-600 opacity-0 hover:bg-stone-200 focus-visible:opacity-100 group-focus-within:opacity-100 group-hover:opacity-100 aria-expanded:opacity-100"
      >
        <DotsIcon />
      </Menu>
    </div>
  );
}

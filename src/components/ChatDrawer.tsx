"use client";

import { useEffect, useRef } from "react";
import { Thread } from "./thread/Thread";

/**
 * The pair's conversation beside the current page: live, with the full composer. It does not
 * block the page, so the booking's actions stay at hand while chatting. Esc closes it.
 */
export function ChatDrawer({ conversationId, meId, onClose }: { conversationId: string; meId: string; onClose: () => void }) {
  const panel = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  // Once per opening: the page re-rendering beside the drawer (a live booking update) must not
  // pull focus back into the composer.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Esc inside an open photo closes the photo, not the drawer under it; nor does an Esc that a
      // menu or dialog in the drawer already handled (React's listener on the document runs first,
      // and that layer is gone by now, so only defaultPrevented tells).
      if (event.key === "Escape" && !event.defaultPrevented && !document.querySelector('[aria-modal="true"]')) close.current();
    };
    document.addEventListener("keydown", onKey);
    panel.current?.querySelector<HTMLTextAreaElement>("textarea")?.focus();
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div
      ref={panel}
      role="dialog"
      aria-modal="false"
      aria-label="Conversation"
      data-testid="chat-drawer"
      data-conversation-id={conversationId}
      className="fixed bottom-0 right-0 top-14 z-30 flex w-full max-w-md flex-col border-l border-stone-200 bg-white shadow-2xl"
    >
      <Thread
        conversationId={conversationId}
        meId={meId}
        headerAction={
          <button type="button" onClick={onClose} className="rounded-md px-2.5 py-1 text-sm text-stone-600 hover:bg-stone-100" aria-label="Close conversation">
            Close
          </button>
        }
      />
    </div>
  );
}

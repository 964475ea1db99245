"use client";

import { useId, useRef, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { focusableIn, keepFocusInside } from "./focus-trap";
import { useModalFocus } from "./use-modal-focus";

/**
 * A small modal dialog (a confirmation, a short form): labelled by its title, Tab stays inside,
 * Esc, the × or a click beside it closes it, and focus goes back to whatever opened it. Focus
 * starts on the element marked `data-autofocus`, else on the first control after the ×.
 *
 * Rendered into <body>: inside the chat drawer (its own stacking context) it still covers the page.
 */
export function Dialog({
  title,
  description,
  onClose,
  children,
  testId,
}: {
  title: string;
  /** A sentence read out with the title when the dialog opens. */
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const close = useModalFocus(() => {
    const inside = focusableIn(panel.current);
    return panel.current?.querySelector<HTMLElement>("[data-autofocus]") ?? inside[1] ?? inside[0] ?? panel.current;
  }, onClose);

  return createPortal(
    <div
      className="fixed inset-0 z-50 flex items-end justify-center bg-stone-950/50 sm:items-center sm:p-4"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) close.current();
      }}
    >
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descriptionId : undefined}
        tabIndex={-1}
        data-testid={testId}
        className="max-h-[90vh] w-full max-w-md overflow-y-auto rounded-t-2xl bg-white p-5 text-stone-900 shadow-xl sm:rounded-2xl"
        onKeyDown={(event) => {
          // Marked handled: Esc closes this dialog, not the chat drawer under it (ChatDrawer).
          if (event.key === "Escape") {
            event.preventDefault();
            close.current();
          } else if (event.key === "Tab") {
            keepFocusInside(panel.current, event);
          }
        }}
      >
        <div className="flex items-start justify-between gap-3">
          <h2 id={titleId} dir="auto" className="text-lg font-semibold">
            {title}
          </h2>
          <button
            type="button"
            onClick={() => close.current()}
            aria-label="Close"
            className="-mr-2 -mt-1 flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-xl leading-none text-stone-600 hover:bg-stone-100"
          >
            ×
          </button>
        </div>
        {description && (
          <div id={descriptionId} className="mt-2 space-y-2 text-sm text-stone-700">
            {description}
          </div>
        )}
        {children}
      </div>
    </div>,
    document.body,
  );
}

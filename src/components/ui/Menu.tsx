"use client";

import { useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from "react";

export interface MenuItem {
  label: string;
  onSelect: () => void;
}

/** Space kept between the menu and the edges of the window. */
const EDGE_PX = 8;

/**
 * A button that opens a short list of actions (the WAI-ARIA menu button): Enter, Space or ↓ open
 * it on the first item, ↑ on the last; ↑/↓/Home/End move, Enter picks, Esc or Tab close it and
 * focus goes back to the button. Open or closed is the caller's state, so something else (a long
 * press on a message) can open it too.
 *
 * The list is placed with fixed coordinates next to the button, below it or above when there is
 * no room below, so a scrolling thread never clips it.
 */
export function Menu({
  label,
  items,
  open,
  onOpenChange,
  children,
  buttonClassName,
  testId,
}: {
  /** The button's accessible name ("More actions for Ava"). */
  label: string;
  items: MenuItem[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** What the button shows (an icon). */
  children: ReactNode;
  buttonClassName?: string;
  testId?: string;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const buttonId = useId();
  const menuId = useId();
  /** Which item takes focus when the menu opens: the first, or the last (opened with ↑). */
  const startAt = useRef<"first" | "last">("first");

  const itemsOf = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  function closeAndReturnFocus() {
    onOpenChange(false);
    button.current?.focus();
  }

  // Placed before paint, again when anything scrolls or the window resizes while it is open.
  useLayoutEffect(() => {
    if (!open) return;
    const place = () => {
      const anchor = button.current?.getBoundingClientRect();
      const list = menu.current;
      if (!anchor || !list) return;
      const { width, height } = list.getBoundingClientRect();
      const below = anchor.bottom + 4;
      const top = below + height > window.innerHeight - EDGE_PX ? Math.max(EDGE_PX, anchor.top - height - 4) : below;
      const fitsFromLeft = anchor.left + width <= window.innerWidth - EDGE_PX;
      const left = Math.max(EDGE_PX, fitsFromLeft ? anchor.left : anchor.right - width);
      list.style.top = `${top}px`;
      list.style.left = `${left}px`;
      list.style.visibility = "visible";
    };
    place();
    window.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    };
  }, [open]);

  // Focus moves into the menu as it opens; a press anywhere else closes it (focus stays put).
  useEffect(() => {
    if (!open) return;
    const all = itemsOf();
    (startAt.current === "last" ? all.at(-1) : all[0])?.focus();
    startAt.current = "first";
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) onOpenChange(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open, onOpenChange]);

  function onButtonKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      startAt.current = event.key === "ArrowUp" ? "last" : "first";
      onOpenChange(true);
    }
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const all = itemsOf();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const moveTo = (index: number) => all[(index + all.length) % all.length]?.focus();
    if (event.key === "ArrowDown") moveTo(at + 1);
    else if (event.key === "ArrowUp") moveTo(at - 1);
    else if (event.key === "Home") moveTo(0);
    else if (event.key === "End") moveTo(all.length - 1);
    else if (event.key === "Escape" || event.key === "Tab") closeAndReturnFocus();
    else return;
    // Marked handled: Esc closes this menu only, not the chat drawer it sits in (ChatDrawer).
    event.preventDefault();
  }

  return (
    <>
      <button
        ref={button}
        id={buttonId}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => onOpenChange(!open)}
        onKeyDown={onButtonKeyDown}
        className={buttonClassName}
        data-testid={testId}
      >
        {children}
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-labelledby={buttonId}
          onKeyDown={onMenuKeyDown}
          // Hidden until placed (the layout effect runs before paint).
          style={{ position: "fixed", top: 0, left: 0, visibility: "hidden" }}
          className="z-40 min-w-44 max-w-[calc(100vw-16px)] rounded-xl border border-stone-200 bg-white py-1 text-sm text-stone-900 shadow-lg"
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              dir="auto"
              onClick={() => {
                // Focus goes back to the button first, so a dialog the item opens returns it there.
                closeAndReturnFocus();
                item.onSelect();
              }}
              className="focus-inset block w-full truncate px-4 py-2.5 text-left hover:bg-stone-100 focus:bg-stone-100"
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </>
  );
}

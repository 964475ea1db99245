"use client";

import { useEffect, useState, type PointerEvent as ReactPointerEvent } from "react";
import { createLongPress } from "./long-press";

/**
 * Pointer handlers that call `onLongPress` when a finger rests on the element (touch only: a
 * mouse has hover and right-click). Scrolling cancels it (the browser sends pointercancel), and
 * the context menu and click that a long press brings are swallowed.
 */
export function useLongPress(onLongPress: () => void) {
  const [press] = useState(createLongPress);
  useEffect(() => press.end, [press]);

  return {
    onPointerDown: (event: ReactPointerEvent) => {
      if (event.pointerType === "touch") press.start(event.clientX, event.clientY, onLongPress);
      else press.takeFired(); // a mouse click after a long press is an ordinary click
    },
    onPointerMove: (event: ReactPointerEvent) => press.move(event.clientX, event.clientY),
    onPointerUp: press.end,
    onPointerCancel: press.end,
    onContextMenu: (event: React.MouseEvent) => {
      if (press.pressing || press.fired) event.preventDefault();
    },
    onClickCapture: (event: React.MouseEvent) => {
      if (!press.takeFired()) return;
      event.preventDefault();
      event.stopPropagation();
    },
  };
}

"use client";

import { useEffect, useRef } from "react";

/**
 * A modal's focus over one opening: it moves into the modal (to what `start` picks) when it opens,
 * and back to whatever had it (the button that opened it) when it closes. Once per opening, so
 * that content changing inside or underneath (a form's answer, a new message) never moves it.
 * Also keeps the latest `onClose` for key and pointer handlers that outlive a render.
 */
export function useModalFocus(start: () => HTMLElement | null | undefined, onClose: () => void) {
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  const pickStart = useRef(start);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    pickStart.current()?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return close;
}

/** A tab counts as focused when it is on screen and has the keyboard: someone is looking at it. */
export const tabIsFocused = (doc: Pick<Document, "visibilityState" | "hasFocus">) => doc.visibilityState === "visible" && doc.hasFocus();

export interface FocusReporter {
  /** Focus or visibility may have changed: report it if it did. */
  check(): void;
  /** A socket opened (first or again): the server knows nothing of this tab on it yet, so report. */
  socketOpened(): void;
}

/**
 * Tells the server whether this tab is focused, so that a message for someone looking at the app
 * sends no push. The server keeps it per socket: every socket that opens is told, and after that
 * only changes are sent. A report that could not be sent (no socket) is not remembered as told.
 */
export function createFocusReporter({ isFocused, send }: { isFocused: () => boolean; send: (focused: boolean) => Promise<unknown> }): FocusReporter {
  let told: boolean | null = null;
  const report = (always: boolean) => {
    const focused = isFocused();
    if (!always && focused === told) return;
    told = focused;
    send(focused).catch(() => {
      if (told === focused) told = null;
    });
  };
  return { check: () => report(false), socketOpened: () => report(true) };
}

"use client";

import { useEffect } from "react";
import { createFocusReporter, tabIsFocused } from "./focus-reporting";
import type { AppClient, LiveSocket } from "./trpc";

/**
 * Keeps the server told whether this tab is focused (on screen and with the keyboard), so that a
 * message for someone looking at the app sends no push: on focus, blur and visibility changes, and
 * each time the socket opens, as the server keeps it per socket. It never opens the socket itself:
 * a tab without one is not counted as open by the server anyway, and the pages of a signed-in user
 * listen on it (inbox activity), so it is open whenever it matters.
 */
export function useFocusReporting(client: AppClient, socket: LiveSocket, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const reporter = createFocusReporter({
      isFocused: () => tabIsFocused(document),
      send: (focused) => client.user.setFocus.mutate({ focused }),
    });
    // After the event: during a window's blur, hasFocus() can still answer for the old state.
    let pending: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      clearTimeout(pending);
      pending = setTimeout(reporter.check, 0);
    };
    window.addEventListener("focus", check);
    window.addEventListener("blur", check);
    document.addEventListener("visibilitychange", check);
    const stopListening = socket.onOpen(reporter.socketOpened);
    if (socket.isOpen()) reporter.socketOpened();
    return () => {
      clearTimeout(pending);
      window.removeEventListener("focus", check);
      window.removeEventListener("blur", check);
      document.removeEventListener("visibilitychange", check);
      stopListening();
    };
  }, [client, socket, enabled]);
}

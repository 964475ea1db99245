"use client";

/**
 * Asks for permission to send push notifications, in context (never on page load), and
 * subscribes this device. PLACEHOLDER: being written.
 */
export function EnableNotifications({ variant = "inline" }: { variant?: "inline" | "settings" }) {
  void variant;
  return null;
}

"use client";

import { useAppBadge } from "@/lib/app-badge";

/**
 * Signed out, the installed app's icon counts nothing: signing out is a full navigation, so the
 * header's count never gets to clear it on its way out.
 */
export function SignedOutAppBadge() {
  useAppBadge(0);
  return null;
}

"use client";

import { useEffect, useState } from "react";
import { accountSectionClass } from "@/components/AccountSecurity";
import { buttonClass } from "@/components/button-styles";
import { pushState, refreshPushRegistration, turnOffPush, turnOnPush, type PushState } from "@/lib/push-client";
import { useTRPCClient } from "@/lib/trpc";

const HOW_TO_ALLOW =
  "Notifications from Glow are blocked in this browser. To allow them, open the site settings (the icon left of the address bar), set Notifications to Allow, and reload the page.";

/** This device's push state, and turning it on or off. Reads nothing and asks nothing until mounted. */
function usePushNotifications() {
  const client = useTRPCClient();
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void pushState().then((current) => {
      if (live) setState(current);
      // Subscribed already (maybe by whoever used this browser before): it is this person's now.
      if (current === "on") void refreshPushRegistration(client).catch(() => {});
    });
    return () => {
      live = false;
    };
  }, [client]);

  const change = (to: (c: typeof client) => Promise<PushState>) => async () => {
    setBusy(true);
    setError(null);
    try {
      setState(await to(client));
    } catch (cause) {
      setError(cause instanceof Error && cause.message ? `Notifications could not be changed: ${cause.message}` : "Notifications could not be changed. Try again.");
      setState(await pushState());
    } finally {
      setBusy(false);
    }
  };
  return { state, busy, error, turnOn: change(turnOnPush), turnOff: change(turnOffPush) };
}

/**
 * Asks for permission to send push notifications in context, never on page load: a button (after
 * the first message sent, or on the account page) that asks the browser only when pressed.
 *
 * - `inline`: nothing when notifications are unsupported, already on, or blocked before; otherwise
 *   a small "Turn on notifications" with one line of why.
 * - `settings`: the state on this device (on / off / blocked, with how to allow them) and a button
 *   to turn them on or off.
 */
export function EnableNotifications({ variant = "inline" }: { variant?: "inline" | "settings" }) {
  const push = usePushNotifications();
  return variant === "settings" ? <SettingsVariant {...push} /> : <InlineVariant {...push} />;
}

type PushControls = ReturnType<typeof usePushNotifications>;

function InlineVariant({ state, busy, error, turnOn }: PushControls) {
  // Blocked before this page: the person said no once, and is not asked here again. Blocked by
  // pressing the button here: say how to undo it.
  const [asked, setAsked] = useState(false);
  if (state === "blocked" && asked) {
    return (
      <p role="status" className="rounded-lg bg-stone-100 px-3 py-2 text-xs text-stone-700">
        {HOW_TO_ALLOW}
      </p>
    );
  }
  if (state !== "off") return null;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-stone-200 bg-white px-3 py-2" data-testid="enable-notifications">
      <p className="flex-1 text-xs text-stone-600">Get a notification when a reply arrives while Glow is closed.</p>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setAsked(true);
          void turnOn();
        }}
        className={buttonClass("secondary", "sm", "pill")}
      >
        {busy ? "One moment…" : "Turn on notifications"}
      </button>
      {error && (
        <p role="alert" className="w-full text-xs text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

const SETTINGS_TEXT: Record<PushState, string> = {
  on: "On for this device: you get a notification for new messages and booking changes while Glow is not open in front of you. Muted conversations stay quiet.",
  off: "Off for this device. Turn them on to hear about new messages and booking changes while Glow is closed.",
  blocked: HOW_TO_ALLOW,
  unsupported: "This browser can't receive notifications from Glow here. Try an up-to-date Chrome, Edge, Firefox or Safari (on iPhone, add Glow to the Home Screen first).",
};

function SettingsVariant({ state, busy, error, turnOn, turnOff }: PushControls) {
  return (
    <section className={accountSectionClass} aria-labelledby="notifications-heading" data-testid="notification-settings">
      <h2 id="notifications-heading" className="text-lg font-semibold">
        Notifications
      </h2>
      <p role="status" className="mt-1 text-sm text-stone-600">
        {state ? SETTINGS_TEXT[state] : "Checking this device…"}
      </p>
      {error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      {(state === "on" || state === "off") && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void (state === "on" ? turnOff() : turnOn())}
          className={`${buttonClass(state === "on" ? "secondary" : "primary")} mt-4`}
        >
          {busy ? "One moment…" : state === "on" ? "Turn off notifications" : "Turn on notifications"}
        </button>
      )}
    </section>
  );
}

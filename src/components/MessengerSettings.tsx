"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { accountSectionClass } from "./AccountSecurity";
import { EnableNotifications } from "./notifications/EnableNotifications";

type Settings = RouterOutputs["user"]["settings"];
type Setting = keyof Settings;

const SETTINGS: { name: Setting; label: string; explanation: string }[] = [
  {
    name: "readReceipts",
    label: "Read receipts",
    explanation: "Off, the people you talk to don't see when you've read their messages, and you don't see when they've read yours.",
  },
  {
    name: "showPresence",
    label: "Show when I'm online",
    explanation: "Off, others don't see when you're online or when you were last here, and you don't see theirs.",
  },
  {
    name: "pushPreviews",
    label: "Message previews in notifications",
    explanation: "Off, a notification on your devices says only “New message”, not what was written.",
  },
];

/**
 * What I share in conversations and how my notifications read, each a switch that answers at once
 * (optimistic) and turns back, with the reason, if the server refuses; then push on this device.
 */
export function MessengerSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settingsKey = trpc.user.settings.queryKey();
  const settings = useQuery(trpc.user.settings.queryOptions());
  const update = useMutation(
    trpc.user.updateSettings.mutationOptions({
      onMutate: async (change) => {
        await queryClient.cancelQueries({ queryKey: settingsKey });
        queryClient.setQueryData(settingsKey, (old) => old && { ...old, ...change });
      },
      // Only what this change turned is turned back: a switch flipped meanwhile keeps its place.
      onError: (_error, change) => queryClient.setQueryData(settingsKey, (old) => old && { ...old, ...inverse(change) }),
      // Read again once the last change in flight is done, so an earlier answer never undoes a later flip.
      onSettled: () => {
        if (queryClient.isMutating({ mutationKey: trpc.user.updateSettings.mutationKey() }) === 1) {
          void queryClient.invalidateQueries({ queryKey: settingsKey });
        }
      },
    }),
  );
  const failed = update.error && update.variables ? SETTINGS.find((s) => update.variables[s.name] !== undefined) : undefined;

  return (
    <section className={accountSectionClass} aria-labelledby="messenger-settings">
      <h2 id="messenger-settings" className="text-lg font-semibold">
        Messages and notifications
      </h2>
      <p className="mt-1 text-sm text-stone-600">Read receipts and being seen online work both ways, as they do in most messengers.</p>
      {settings.error && !settings.data && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load your settings: {settings.error.message}
        </p>
      )}
      {update.error && failed && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not turn {update.variables?.[failed.name] ? "on" : "off"} “{failed.label}”: {update.error.message}
        </p>
      )}
      <ul className="mt-2 divide-y divide-stone-100" aria-busy={!settings.data}>
        {SETTINGS.map((setting) => (
          <SettingSwitch
            key={setting.name}
            label={setting.label}
            explanation={setting.explanation}
            on={settings.data?.[setting.name]}
            onChange={(value) => update.mutate({ [setting.name]: value })}
          />
        ))}
      </ul>
      <EnableNotifications variant="settings" />
    </section>
  );
}

function inverse(change: Partial<Settings>): Partial<Settings> {
  return Object.fromEntries(Object.entries(change).map(([name, value]) => [name, !value]));
}

/** One setting: its name and what it means, and a switch (disabled until the setting is known). */
function SettingSwitch({
  label,
  explanation,
  on,
  onChange,
}: {
  label: string;
  explanation: string;
  on: boolean | undefined;
  onChange: (on: boolean) => void;
}) {
  const labelId = useId();
  const explanationId = useId();
  return (
    <li className="flex items-start gap-4 py-3">
      <span className="min-w-0 flex-1">
        <span id={labelId} className="block font-medium text-stone-900">
          {label}
        </span>
        <span id={explanationId} className="mt-0.5 block text-sm text-stone-600">
          {explanation}
        </span>
      </span>
      <button
        type="button"
        role="switch"
        aria-checked={on ?? false}
        aria-labelledby={labelId}
        aria-describedby={explanationId}
        disabled={on === undefined}
        onClick={() => on !== undefined && onChange(!on)}
        className={`relative mt-0.5 inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:cursor-wait disabled:opacity-60 ${
          on ? "bg-brand-600" : "bg-stone-500"
        }`}
      >
        <span aria-hidden className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${on ? "translate-x-[1.375rem]" : "translate-x-0.5"}`} />
      </button>
    </li>
  );
}

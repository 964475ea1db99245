"use client";

import { useId } from "react";
import type { RouterInputs } from "@/lib/trpc";
import { fieldClass, hintClass, labelClass } from "./admin-field-styles";

export type KeywordAction = RouterInputs["admin"]["keywords"]["add"]["action"];

/** What each action does to a message holding the term, as the select and the list say it. */
export const KEYWORD_ACTIONS: { value: KeywordAction; label: string; effect: string }[] = [
  { value: "BLOCK", label: "Block", effect: "refuses the message" },
  { value: "FLAG", label: "Flag", effect: "delivers it and files a report" },
  { value: "MASK", label: "Mask", effect: "replaces the word with asterisks" },
];

export const keywordActionLabel = (action: KeywordAction) => KEYWORD_ACTIONS.find((a) => a.value === action)!.label;

/** The action for a term, with what the chosen one does spelled out under the field (long option texts get cut on a phone). */
export function KeywordActionSelect({ label, value, onChange }: { label: string; value: KeywordAction; onChange: (action: KeywordAction) => void }) {
  const id = useId();
  const hintId = useId();
  const chosen = KEYWORD_ACTIONS.find((a) => a.value === value)!;
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as KeywordAction)} aria-describedby={hintId} className={fieldClass}>
        {KEYWORD_ACTIONS.map((action) => (
          <option key={action.value} value={action.value}>
            {action.label}
          </option>
        ))}
      </select>
      <p id={hintId} className={hintClass}>
        {chosen.label} {chosen.effect}.
      </p>
    </div>
  );
}

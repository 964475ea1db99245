"use client";

import { MIN_REASON_LENGTH } from "@/shared/moderation";
import { useId } from "react";
import { fieldClass, hintClass, labelClass } from "./admin-field-styles";

/**
 * The reason an admin gives for an action on someone's account (suspend, delete): required, kept
 * by the audit trail. `example` says what a good one looks like for this action.
 */
export function AuditReasonField({ value, onChange, example }: { value: string; onChange: (reason: string) => void; example: string }) {
  const reasonId = useId();
  const hintId = useId();
  return (
    <div>
      <label htmlFor={reasonId} className={labelClass}>
        Reason
      </label>
      <textarea
        id={reasonId}
        required
        minLength={MIN_REASON_LENGTH}
        maxLength={500}
        rows={3}
        dir="auto"
        data-autofocus
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hintId}
        className={`${fieldClass} resize-y`}
      />
      <p id={hintId} className={hintClass}>
        At least {MIN_REASON_LENGTH} characters: {example}. The audit trail keeps it.
      </p>
    </div>
  );
}

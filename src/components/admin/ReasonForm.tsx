"use client";

import { MIN_REASON_LENGTH } from "@/shared/moderation";
import { useId, useState } from "react";
import { buttonClass } from "../button-styles";
import { fieldClass } from "./admin-field-styles";

/**
 * Why Glow support is about to read a conversation, asked before anything of it is fetched: the
 * reason goes into the audit trail with every page read.
 */
export function ReasonForm({
  defaultReason,
  refusal,
  onSubmit,
}: {
  defaultReason?: string;
  /** The server's answer when it refused the reason. */
  refusal?: string | null;
  onSubmit: (reason: string) => void;
}) {
  const [tooShort, setTooShort] = useState(false);
  const hintId = useId();
  const errorId = useId();
  const error = tooShort
    ? `Give at least ${MIN_REASON_LENGTH} characters: a report or dispute number, or why you are reading this conversation.`
    : (refusal ?? null);
  return (
    <form
      className="mt-4 max-w-xl rounded-2xl border border-stone-200 bg-white p-4 shadow-sm"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
        setTooShort(reason.length < MIN_REASON_LENGTH);
        if (reason.length >= MIN_REASON_LENGTH) onSubmit(reason);
      }}
    >
      <label htmlFor="admin-reason" className="block font-medium text-stone-900">
        Reason
      </label>
      <p id={hintId} className="mt-0.5 text-sm text-stone-600">
        At least {MIN_REASON_LENGTH} characters: a report or dispute number, or why you are reading this conversation. It is recorded in the
        audit log with every page you open.
      </p>
      <textarea
        id="admin-reason"
        name="reason"
        rows={3}
        required
        maxLength={500}
        defaultValue={defaultReason}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        className={fieldClass}
      />
      {error && (
        <p id={errorId} role="alert" className="mt-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <button type="submit" className={`${buttonClass("primary")} mt-3`}>
        Open conversation
      </button>
    </form>
  );
}

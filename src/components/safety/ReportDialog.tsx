"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC, type RouterInputs } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { Dialog } from "../ui/Dialog";

type ReportInput = RouterInputs["report"]["create"];
type Reason = ReportInput["reason"];
/** A message, or the person as a whole. */
export type ReportTarget = { messageId: string } | { userId: string };

/** The reasons a person can give, in their words (AUTOMATIC is the keyword filter's). */
const REASONS: { value: Reason; label: string }[] = [
  { value: "HARASSMENT", label: "Harassment" },
  { value: "SPAM", label: "Spam" },
  { value: "OFF_PLATFORM_PAYMENT", label: "Asking to pay outside Glow" },
  { value: "INAPPROPRIATE_PHOTO", label: "Inappropriate photo" },
  { value: "OTHER", label: "Something else" },
];

export const MAX_REPORT_NOTE_LENGTH = 1000;

/**
 * Report a message or a person to Glow support: a reason, an optional note, then a thank-you.
 * The other person is not told. A refusal (reporting one's own message) shows the server's sentence.
 */
export function ReportDialog({ target, subject, onClose }: { target: ReportTarget; subject: string; onClose: () => void }) {
  const trpc = useTRPC();
  const report = useMutation(trpc.report.create.mutationOptions());
  const [reason, setReason] = useState<Reason | null>(null);
  const [note, setNote] = useState("");
  const noteId = useId();
  const countId = useId();

  // Keyed: the thanks is a new opening of the dialog, so focus moves to its Done button.
  if (report.isSuccess) {
    return (
      <Dialog key="thanks" title="Report sent" onClose={onClose} testId="report-dialog">
        <p role="status" className="mt-2 text-sm text-stone-700">
          Thanks — Glow support will review this.
        </p>
        <div className="mt-5 flex justify-end">
          <button type="button" data-autofocus onClick={onClose} className={buttonClass("primary")}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog key="form" title={`Report ${subject}`} description="Glow support reads every report. They won't know you reported them." onClose={onClose} testId="report-dialog">
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (reason) report.mutate({ ...target, reason, note: note.trim() || undefined });
        }}
      >
        <fieldset>
          <legend className="text-sm font-medium text-stone-800">What&apos;s wrong?</legend>
          <div className="mt-2 space-y-1">
            {REASONS.map((option, i) => (
              <label key={option.value} className="flex cursor-pointer items-center gap-3 rounded-lg px-2 py-2 text-sm hover:bg-stone-50">
                <input
                  type="radio"
                  name="reason"
                  value={option.value}
                  checked={reason === option.value}
                  onChange={() => setReason(option.value)}
                  required
                  data-autofocus={i === 0 ? true : undefined}
                  className="h-4 w-4 accent-brand-600"
                />
                {option.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor={noteId} className="block text-sm font-medium text-stone-800">
            Anything else we should know? <span className="font-normal text-stone-600">(optional)</span>
          </label>
          <textarea
            id={noteId}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            maxLength={MAX_REPORT_NOTE_LENGTH}
            rows={3}
            dir="auto"
            aria-describedby={countId}
            className="mt-1 block w-full resize-y rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 shadow-sm focus:border-brand-500"
          />
          <p id={countId} className="mt-1 text-right text-xs text-stone-600">
            {note.length} / {MAX_REPORT_NOTE_LENGTH}
          </p>
        </div>
        {report.error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {report.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className={buttonClass("secondary")}>
            Cancel
          </button>
          <button type="submit" disabled={!reason || report.isPending} className={buttonClass("primary")}>
            {report.isPending ? "Sending…" : "Send report"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

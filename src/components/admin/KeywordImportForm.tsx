"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { fieldClass, hintClass, labelClass } from "./admin-field-styles";
import { KeywordActionSelect, type KeywordAction } from "./KeywordActionSelect";
import { useKeywordsChanged } from "./KeywordList";
import { ServerError } from "./ServerError";

/** A pasted list's terms: one a line, blank lines ignored rather than reported as skipped. */
const termsOf = (pasted: string) => pasted.split(/\r?\n/).filter((line) => line.trim() !== "");

/** Many terms with one action, all or none; says what was added, changed and left out, and why. */
export function KeywordImportForm() {
  const trpc = useTRPC();
  const keywordsChanged = useKeywordsChanged();
  const termsId = useId();
  const hintId = useId();
  const [pasted, setPasted] = useState("");
  const [action, setAction] = useState<KeywordAction>("BLOCK");
  const importTerms = useMutation(
    trpc.admin.keywords.import.mutationOptions({
      onSuccess: async () => {
        setPasted("");
        await keywordsChanged();
      },
    }),
  );
  const result = importTerms.data;

  return (
    <form
      aria-labelledby="import-terms"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        importTerms.mutate({ terms: termsOf(pasted), action });
      }}
    >
      <h2 id="import-terms" className="text-lg font-semibold">
        Import a list
      </h2>
      <div>
        <label htmlFor={termsId} className={labelClass}>
          Terms, one per line
        </label>
        <textarea
          id={termsId}
          required
          rows={6}
          dir="auto"
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          aria-describedby={hintId}
          className={`${fieldClass} resize-y font-mono text-sm`}
        />
        <p id={hintId} className={hintClass}>
          Terms already listed take the new action.
        </p>
      </div>
      <KeywordActionSelect label="Action for these terms" value={action} onChange={setAction} />
      <ServerError error={importTerms.error} />
      {result && !importTerms.isPending && (
        <div role="status" className="rounded-lg bg-stone-50 px-3 py-2 text-sm">
          <p className="font-medium">
            Added {result.added}, updated {result.updated}
          </p>
          {result.skipped.length > 0 && (
            <>
              <p className="mt-1">Skipped:</p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5" aria-label="Skipped lines">
                {result.skipped.map((line, i) => (
                  <li key={i} className="break-words">
                    <span dir="auto" className="font-mono">
                      {line.term}
                    </span>
                    : {line.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <button type="submit" disabled={importTerms.isPending} className={`${buttonClass("primary")} w-full sm:w-auto`}>
        {importTerms.isPending ? "Importing…" : "Import"}
      </button>
    </form>
  );
}

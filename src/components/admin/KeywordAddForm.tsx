"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { fieldClass, labelClass } from "./admin-field-styles";
import { KeywordActionSelect, type KeywordAction } from "./KeywordActionSelect";
import { useKeywordsChanged } from "./KeywordList";
import { ServerError } from "./ServerError";

/** One term; adding a term that is already listed changes its action. */
export function KeywordAddForm() {
  const trpc = useTRPC();
  const keywordsChanged = useKeywordsChanged();
  const termId = useId();
  const [term, setTerm] = useState("");
  const [action, setAction] = useState<KeywordAction>("BLOCK");
  const add = useMutation(
    trpc.admin.keywords.add.mutationOptions({
      onSuccess: async () => {
        setTerm("");
        await keywordsChanged();
      },
    }),
  );

  return (
    <form
      aria-labelledby="add-term"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({ term, action });
      }}
    >
      <h2 id="add-term" className="text-lg font-semibold">
        Add a term
      </h2>
      <div>
        <label htmlFor={termId} className={labelClass}>
          Term
        </label>
        <input id={termId} required maxLength={100} dir="auto" value={term} onChange={(event) => setTerm(event.target.value)} className={fieldClass} />
      </div>
      <KeywordActionSelect label="Action" value={action} onChange={setAction} />
      <ServerError error={add.error} />
      {add.isSuccess && !add.isPending && (
        <p role="status" className="text-sm text-emerald-800">
          Added “{add.data.term}”.
        </p>
      )}
      <button type="submit" disabled={add.isPending} className={`${buttonClass("primary")} w-full sm:w-auto`}>
        {add.isPending ? "Adding…" : "Add"}
      </button>
    </form>
  );
}

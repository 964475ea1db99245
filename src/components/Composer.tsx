"use client";

import { useRef, useState, type KeyboardEvent } from "react";

const MAX_LENGTH = 4000;

/** Enter sends, Shift+Enter starts a new line; grows with its text up to a few lines. */
export function Composer({ onSend, disabled }: { onSend: (text: string) => void; disabled?: boolean }) {
  const [text, setText] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const trimmed = text.trim();

  function submit() {
    if (!trimmed || trimmed.length > MAX_LENGTH || disabled) return;
    onSend(trimmed);
    setText("");
    area.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form
      className="border-t border-stone-200 bg-white p-2 sm:p-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="flex items-end gap-2">
        <label htmlFor="composer" className="sr-only">
          Message
        </label>
        <textarea
          id="composer"
          ref={area}
          rows={1}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder="Write a message"
          aria-describedby={text.length > MAX_LENGTH - 500 ? "composer-count" : undefined}
          className="max-h-40 min-h-[44px] flex-1 resize-none rounded-2xl border border-stone-300 bg-stone-50 px-4 py-2.5 text-[15px] leading-snug [field-sizing:content] focus:border-brand-500 focus:bg-white"
        />
        <button
          type="submit"
          disabled={!trimmed || trimmed.length > MAX_LENGTH || disabled}
          className="h-11 shrink-0 rounded-full bg-brand-600 px-5 font-medium text-white hover:bg-brand-700 disabled:opacity-40"
        >
          Send
        </button>
      </div>
      {text.length > MAX_LENGTH - 500 && (
        <p id="composer-count" className={`mt-1 px-2 text-xs ${text.length > MAX_LENGTH ? "text-red-700" : "text-stone-500"}`}>
          {text.length} / {MAX_LENGTH} characters
        </p>
      )}
    </form>
  );
}

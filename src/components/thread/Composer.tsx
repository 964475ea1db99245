"use client";

import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from "react";
import type { OutgoingPhoto } from "@/lib/thread-state";
import { usePhotoDrafts, type PhotoDraft } from "@/lib/use-photo-drafts";
import { MAX_MESSAGE_LENGTH, MAX_PHOTOS_PER_MESSAGE } from "@/shared/limits";
import { buttonClass } from "../button-styles";

export interface ComposerHandle {
  /** Attaches photos dropped elsewhere in the thread. */
  addFiles(files: File[]): void;
  /** Puts a refused message's text back to be reworded (after what is being written, if anything). */
  restoreText(text: string): void;
}

interface ComposerProps {
  conversationId: string;
  onSend: (text: string, photos: OutgoingPhoto[]) => void;
  /** The writer changed the text (typing, pasting; not a restored message): for "… is typing". */
  onTextChange?: (text: string) => void;
}

/**
 * Enter sends, Shift+Enter starts a new line. Photos come from the picker, a paste or a drop:
 * up to 6 per message, each previewed with its upload progress, removable, retryable on failure.
 */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(
  function Composer({ conversationId, onSend, onTextChange }, ref) {
    const [text, setText] = useState("");
    const area = useRef<HTMLTextAreaElement>(null);
    const picker = useRef<HTMLInputElement>(null);
    const photos = usePhotoDrafts(conversationId);
    useImperativeHandle(
      ref,
      () => ({
        addFiles: photos.add,
        restoreText: (restored) => {
          setText((current) => (current.trim() ? `${current}\n${restored}` : restored));
          area.current?.focus();
        },
      }),
      [photos.add],
    );

    const trimmed = text.trim();
    const hasContent = trimmed.length > 0 || photos.ready > 0;
    const blockedBy = photos.busy
      ? "Wait for the photos to finish uploading."
      : photos.failed
        ? "Retry or remove the photos that failed."
        : trimmed.length > MAX_MESSAGE_LENGTH
          ? `Messages can be up to ${MAX_MESSAGE_LENGTH} characters.`
          : null;

    function submit() {
      if (!hasContent || blockedBy) return;
      onSend(trimmed, photos.take());
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
        {photos.drafts.length > 0 && (
          <ul className="mb-2 flex gap-2 overflow-x-auto pb-1" aria-label="Photos to send" data-scrolls="sideways">
            {photos.drafts.map((draft) => (
              <DraftPreview key={draft.localId} draft={draft} onRemove={() => photos.remove(draft.localId)} onRetry={() => void photos.retry(draft.localId)} />
            ))}
          </ul>
        )}
        {(photos.notice || (blockedBy && hasContent)) && (
          <p className="mb-1 px-2 text-xs text-stone-600" role="status">
            {photos.notice ?? blockedBy}
          </p>
        )}
        <div className="flex items-end gap-2">
          <button
            type="button"
            onClick={() => picker.current?.click()}
            disabled={photos.drafts.length >= MAX_PHOTOS_PER_MESSAGE}
            className="flex h-11 w-11 shrink-0 items-center justify-center rounded-full text-stone-700 hover:bg-stone-100 disabled:text-stone-400"
            aria-label="Attach photos"
            title="Attach photos"
          >
            <svg aria-hidden viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="1.8">
              <rect x="3" y="5" width="18" height="14" rx="2" />
              <circle cx="9" cy="10" r="1.8" />
              <path d="m21 16-5-5-8 8" />
            </svg>
          </button>
          <input
            ref={picker}
            type="file"
            accept="image/jpeg,image/png,image/webp,image/gif"
            multiple
            hidden
            data-testid="photo-input"
            onChange={(event) => {
              photos.add([...(event.target.files ?? [])]);
              event.target.value = "";
            }}
          />
          <label htmlFor={`composer-${conversationId}`} className="sr-only">
            Message
          </label>
          <textarea
            id={`composer-${conversationId}`}
            ref={area}
            rows={1}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              onTextChange?.(event.target.value);
            }}
            onKeyDown={onKeyDown}
            onPaste={(event) => {
              const pasted = [...event.clipboardData.files].filter((f) => f.type.startsWith("image/"));
              if (pasted.length) {
                event.preventDefault();
                photos.add(pasted);
              }
            }}
            placeholder={photos.drafts.length ? "Add a caption" : "Write a message"}
            aria-describedby={text.length > MAX_MESSAGE_LENGTH - 500 ? `composer-count-${conversationId}` : undefined}
            dir="auto"
            // min-w-0: a long unbroken paste wraps inside the box instead of widening it past Send.
            className="max-h-40 min-h-[44px] min-w-0 flex-1 resize-none rounded-2xl border border-stone-300 bg-stone-50 px-4 py-2.5 text-[15px] leading-snug [field-sizing:content] focus:border-brand-500 focus:bg-white"
          />
          <button
            type="submit"
            disabled={!hasContent || blockedBy !== null}
            className={`${buttonClass("primary", "lg", "pill")} h-11 shrink-0`}
          >
            Send
          </button>
        </div>
        {text.length > MAX_MESSAGE_LENGTH - 500 && (
          <p id={`composer-count-${conversationId}`} className={`mt-1 px-2 text-xs ${text.length > MAX_MESSAGE_LENGTH ? "text-red-700" : "text-stone-600"}`}>
            {text.length} / {MAX_MESSAGE_LENGTH} characters
          </p>
        )}
      </form>
    );
  },
);

function DraftPreview({ draft, onRemove, onRetry }: { draft: PhotoDraft; onRemove: () => void; onRetry: () => void }) {
  return (
    <li className="relative h-20 w-20 shrink-0 overflow-hidden rounded-xl border border-stone-200 bg-stone-100" data-testid="photo-draft" data-status={draft.status}>
      {/* eslint-disable-next-line @next/next/no-img-element -- a local blob: preview */}
      <img src={draft.previewUrl} alt={draft.name || "Photo to send"} className={`h-full w-full object-cover ${draft.status === "ready" ? "" : "opacity-60"}`} />
      {(draft.status === "uploading" || draft.status === "preparing") && (
        <div className="absolute inset-x-1 bottom-1 h-1.5 overflow-hidden rounded-full bg-white/70">
          <div
            role="progressbar"
            aria-label={`Uploading ${draft.name || "photo"}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(draft.progress * 100)}
            className="h-full bg-brand-600 transition-[width]"
            style={{ width: `${Math.max(5, draft.progress * 100)}%` }}
          />
        </div>
      )}
      {draft.status === "failed" && (
        <div className="absolute inset-0 flex flex-col items-center justify-center gap-1 bg-red-50/90 p-1 text-center">
          <span className="line-clamp-2 text-[10px] leading-tight text-red-800" role="alert" title={draft.error}>
            {draft.error}
          </span>
          <button type="button" onClick={onRetry} className="focus-inset rounded bg-white px-1.5 text-[11px] font-medium text-red-800 underline">
            Retry
          </button>
        </div>
      )}
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove ${draft.name || "photo"}`}
        className="focus-inset absolute right-0.5 top-0.5 flex h-6 w-6 items-center justify-center rounded-full bg-stone-900/70 text-sm leading-none text-white hover:bg-stone-900"
      >
        ×
      </button>
    </li>
  );
}

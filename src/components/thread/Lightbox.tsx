"use client";

import { useEffect, useId, useRef, useState } from "react";
import { keepFocusInside } from "../ui/focus-trap";
import { useModalFocus } from "../ui/use-modal-focus";
import { LinkifiedText } from "./LinkifiedText";

export interface LightboxPhoto {
  url: string;
  width: number;
  height: number;
}

/**
 * Full-size photos over everything, with the message's text as their caption: ←/→ or a swipe to
 * move, Esc or the button to close. A modal dialog: Tab stays inside it, and closing it gives
 * focus back to the photo that opened it.
 */
export function Lightbox({ photos, start, caption, onClose }: { photos: LightboxPhoto[]; start: number; caption: string; onClose: () => void }) {
  const [index, setIndex] = useState(start);
  const dialog = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const swipeFrom = useRef<number | null>(null);
  const captionId = useId();
  const count = photos.length;
  const photo = photos[index];
  const close = useModalFocus(() => closeButton.current, onClose);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close.current();
      else if (event.key === "ArrowRight") setIndex((i) => Math.min(count - 1, i + 1));
      else if (event.key === "ArrowLeft") setIndex((i) => Math.max(0, i - 1));
      else if (event.key === "Tab") keepFocusInside(dialog.current, event);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [count, close]);

  if (!photo) return null;
  const step = (delta: number) => setIndex((i) => Math.min(count - 1, Math.max(0, i + delta)));
  return (
    <div
      ref={dialog}
      role="dialog"
      aria-modal="true"
      aria-label={`Photo ${index + 1} of ${count}`}
      aria-describedby={caption ? captionId : undefined}
      tabIndex={-1}
      className="fixed inset-0 z-50 flex flex-col bg-stone-950 text-white"
      onClick={onClose}
      onPointerDown={(event) => (swipeFrom.current = event.clientX)}
      onPointerUp={(event) => {
        const from = swipeFrom.current;
        swipeFrom.current = null;
        if (from === null || Math.abs(event.clientX - from) < 50) return;
        step(event.clientX < from ? 1 : -1);
      }}
      data-testid="lightbox"
    >
      <div className="flex shrink-0 items-center justify-between gap-3 p-3">
        <p className="text-sm text-white/90">{count > 1 ? `${index + 1} / ${count}` : ""}</p>
        <button
          ref={closeButton}
          type="button"
          onClick={onClose}
          className="rounded-full bg-white/15 px-3 py-1.5 text-sm font-medium text-white hover:bg-white/25"
        >
          Close
        </button>
      </div>
      <figure className="flex min-h-0 flex-1 flex-col items-center justify-center gap-3 px-3 pb-4">
        <div className="flex min-h-0 w-full flex-1 items-center justify-center">
          {/* eslint-disable-next-line @next/next/no-img-element -- the full image from our authorized route */}
          <img
            src={photo.url}
            alt={`Photo ${index + 1} of ${count}`}
            width={photo.width}
            height={photo.height}
            className="max-h-full max-w-full touch-pan-y select-none object-contain"
            draggable={false}
            onClick={(event) => event.stopPropagation()}
          />
        </div>
        {caption && (
          <figcaption
            id={captionId}
            dir="auto"
            // Focusable so a long caption can be scrolled from the keyboard.
            tabIndex={0}
            className="max-h-[25vh] w-full max-w-2xl shrink-0 overflow-y-auto whitespace-pre-wrap rounded-lg px-2 text-center text-[15px] leading-snug text-white [overflow-wrap:anywhere]"
            onClick={(event) => event.stopPropagation()}
            data-testid="lightbox-caption"
          >
            <LinkifiedText text={caption} />
          </figcaption>
        )}
      </figure>
      {count > 1 && (
        <>
          <button
            type="button"
            aria-label="Previous photo"
            disabled={index === 0}
            onClick={(event) => {
              event.stopPropagation();
              step(-1);
            }}
            className="absolute left-2 top-1/2 -translate-y-1/2 rounded-full bg-stone-900/70 px-3 py-2 text-2xl text-white disabled:invisible"
          >
            ‹
          </button>
          <button
            type="button"
            aria-label="Next photo"
            disabled={index === count - 1}
            onClick={(event) => {
              event.stopPropagation();
              step(1);
            }}
            className="absolute right-2 top-1/2 -translate-y-1/2 rounded-full bg-stone-900/70 px-3 py-2 text-2xl text-white disabled:invisible"
          >
            ›
          </button>
        </>
      )}
    </div>
  );
}

"use client";

import { useEffect, useRef, useState } from "react";

export interface LightboxPhoto {
  url: string;
  width: number;
  height: number;
}

/** Full-size photos over everything: ←/→ or a swipe to move, Esc or the button to close. */
export function Lightbox({ photos, start, onClose }: { photos: LightboxPhoto[]; start: number; onClose: () => void }) {
  const [index, setIndex] = useState(start);
  const closeButton = useRef<HTMLButtonElement>(null);
  const swipeFrom = useRef<number | null>(null);
  const count = photos.length;
  const photo = photos[index];

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
      if (event.key === "ArrowRight") setIndex((i) => Math.min(count - 1, i + 1));
      if (event.key === "ArrowLeft") setIndex((i) => Math.max(0, i - 1));
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      previous?.focus();
    };
  }, [count, onClose]);

  if (!photo) return null;
  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label={`Photo ${index + 1} of ${count}`}
      className="fixed inset-0 z-50 flex items-center justify-center bg-stone-950/90"
      onClick={onClose}
      onPointerDown={(event) => (swipeFrom.current = event.clientX)}
      onPointerUp={(event) => {
        const from = swipeFrom.current;
        swipeFrom.current = null;
        if (from === null || Math.abs(event.clientX - from) < 50) return;
        setIndex((i) => (event.clientX < from ? Math.min(count - 1, i + 1) : Math.max(0, i - 1)));
      }}
      data-testid="lightbox"
    >
      {/* eslint-disable-next-line @next/next/no-img-element -- the full image from our authorized route */}
      <img
        src={photo.url}
        alt={`Photo ${index + 1} of ${count}`}
        width={photo.width}
        height={photo.height}
        className="max-h-[92vh] max-w-[96vw] touch-pan-y select-none object-contain"
        draggable={false}
        onClick={(event) => event.stopPropagation()}
      />
      <button
        ref={closeButton}
        type="button"
        onClick={onClose}
        className="absolute right-3 top-3 rounded-full bg-white/15 px-3 py-1.5 text-sm font-medium text-white hover:bg-white/25"
      >
        Close
      </button>
      {count > 1 && (
        <>
          <button
            type="button"
            aria-label="Previous photo"
            disabled={index === 0}
            onClick={(event) => {
              event.stopPropagation();
              setIndex((i) => Math.max(0, i - 1));
            }}
            className="absolute left-2 top-1/2 -translate-y-1/2 rounded-full bg-white/15 px-3 py-2 text-2xl text-white disabled:opacity-30"
          >
            ‹
          </button>
          <button
            type="button"
            aria-label="Next photo"
            disabled={index === count - 1}
            onClick={(event) => {
              event.stopPropagation();
              setIndex((i) => Math.min(count - 1, i + 1));
            }}
            className="absolute right-2 top-1/2 -translate-y-1/2 rounded-full bg-white/15 px-3 py-2 text-2xl text-white disabled:opacity-30"
          >
            ›
          </button>
          <p className="absolute bottom-4 left-1/2 -translate-x-1/2 text-sm text-white/80">
            {index + 1} / {count}
          </p>
        </>
      )}
    </div>
  );
}

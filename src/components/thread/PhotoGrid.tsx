"use client";

/** A photo as a bubble shows it: its size is known, so the space is reserved before it loads. */
export interface GridPhoto {
  key: string;
  thumbUrl: string;
  width: number;
  height: number;
}

/** Thumbnails in a bubble: one at its own shape, several in a two-column grid of squares. */
export function PhotoGrid({ photos, onOpen, dimmed }: { photos: GridPhoto[]; onOpen?: (index: number) => void; dimmed?: boolean }) {
  if (photos.length === 0) return null;
  const single = photos.length === 1;
  return (
    <div className={`grid gap-1 overflow-hidden rounded-2xl ${single ? "w-64 max-w-full" : "w-64 max-w-full grid-cols-2"} ${dimmed ? "opacity-70" : ""}`}>
      {photos.map((photo, index) => (
        <button
          key={photo.key}
          type="button"
          onClick={() => onOpen?.(index)}
          disabled={!onOpen}
          className="focus-inset block bg-stone-200"
          style={{ aspectRatio: single ? `${photo.width} / ${photo.height}` : "1 / 1" }}
          aria-label={`Open photo ${index + 1} of ${photos.length}`}
          data-testid="photo-thumb"
        >
          {/* eslint-disable-next-line @next/next/no-img-element -- served by our authorized route, already sized */}
          <img src={photo.thumbUrl} alt="" loading="lazy" width={photo.width} height={photo.height} className="h-full w-full object-cover" />
        </button>
      ))}
    </div>
  );
}

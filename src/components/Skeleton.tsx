/**
 * Grey shapes where content is about to be, so the page keeps its layout while it loads. Screen
 * readers hear one "Loading …" instead of the shapes.
 */

const block = "animate-pulse rounded bg-stone-200";

/** Rows like the conversation list's, the artist directory's and the bookings list's. */
export function ListSkeleton({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-busy="true" data-testid="skeleton">
      <span className="sr-only">{label}</span>
      <ul aria-hidden className="divide-y divide-stone-100">
        {Array.from({ length: rows }, (_, i) => (
          <li key={i} className="flex items-center gap-3 px-3 py-3">
            <span className={`${block} h-10 w-10 shrink-0 rounded-full`} />
            <span className="flex-1 space-y-2">
              <span className={`${block} block h-3.5`} style={{ width: `${60 - i * 7}%` }} />
              <span className={`${block} block h-3`} style={{ width: `${85 - i * 9}%` }} />
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const BUBBLES = [
  { mine: false, width: "55%" },
  { mine: false, width: "35%" },
  { mine: true, width: "45%" },
  { mine: false, width: "62%" },
  { mine: true, width: "30%" },
];

/** Bubbles on both sides, where a thread's messages are about to be. */
export function BubbleSkeleton({ label, count = BUBBLES.length }: { label: string; count?: number }) {
  return (
    <div role="status" aria-busy="true" data-testid="skeleton" className="py-2">
      <span className="sr-only">{label}</span>
      <div aria-hidden className="flex flex-col gap-2">
        {BUBBLES.slice(0, count).map((bubble, i) => (
          <span
            key={i}
            className={`${block} block h-9 rounded-2xl ${bubble.mine ? "self-end bg-brand-100" : "self-start"}`}
            style={{ width: bubble.width }}
          />
        ))}
      </div>
    </div>
  );
}

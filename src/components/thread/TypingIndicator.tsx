/**
 * "Ava is typing…" between the history and the composer. A polite live region that is always
 * there (so screen readers follow it) and keeps its line (so nothing jumps when it appears); its
 * text stays the same while the other person keeps typing, so it is read once, not on every repeat.
 */
export function TypingIndicator({ name, typing }: { name: string | undefined; typing: boolean }) {
  return (
    <p aria-live="polite" dir="auto" data-testid="typing-indicator" className="h-5 shrink-0 truncate px-4 text-xs italic leading-5 text-stone-600 sm:px-6">
      {typing && name ? `${name} is typing…` : ""}
    </p>
  );
}

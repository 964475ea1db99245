import { newMessagesLabel } from "@/lib/new-messages";

/** Floats over the bottom of a history scrolled up: "1 new message ↓", and takes the reader down. */
export function NewMessagesPill({ count, onClick }: { count: number; onClick: () => void }) {
  return (
    <div className="pointer-events-none absolute inset-x-0 bottom-3 flex justify-center px-3">
      <button
        type="button"
        onClick={onClick}
        data-testid="new-messages-pill"
        className="pointer-events-auto max-w-full truncate rounded-full bg-brand-700 px-4 py-2 text-sm font-medium text-white shadow-lg hover:bg-brand-800"
      >
        {newMessagesLabel(count)} <span aria-hidden>↓</span>
      </button>
    </div>
  );
}

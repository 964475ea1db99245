/** How long "Ava is typing…" stays up after their last typing announcement. */
export const TYPING_SHOWN_MS = 5000;

/** A composer announces that its writer is typing at most this often. */
export const TYPING_ANNOUNCE_INTERVAL_MS = 2000;

export interface TypingAnnouncer {
  /** The writer changed the text: announce it, unless the box is empty or an announcement is recent. */
  textChanged(text: string): void;
  /** The message went: the next keystroke starts a new message, announced at once. */
  sent(): void;
}

/**
 * When to tell the other person that I am typing: on the first change that leaves text in the box,
 * then at most once per interval while the text keeps changing. Never on focus alone and never for
 * an emptied box. Typing is never stored: an announcement is a ping, and the other side lets it
 * lapse (TYPING_SHOWN_MS) unless another comes.
 */
export function createTypingAnnouncer(
  announce: () => void,
  now: () => number = Date.now,
  intervalMs = TYPING_ANNOUNCE_INTERVAL_MS,
): TypingAnnouncer {
  let lastAt: number | null = null;
  return {
    textChanged(text) {
      if (!text.trim()) return;
      const at = now();
      if (lastAt !== null && at - lastAt < intervalMs) return;
      lastAt = at;
      announce();
    },
    sent() {
      lastAt = null;
    },
  };
}

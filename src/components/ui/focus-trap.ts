/** What Tab can reach inside a modal (disabled controls and tabindex="-1" are skipped). */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function focusableIn(container: HTMLElement | null): HTMLElement[] {
  return [...(container?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
}

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
export function keepFocusInside(container: HTMLElement | null, event: KeyboardEvent | React.KeyboardEvent) {
  const inside = focusableIn(container);
  const first = inside[0];
  const last = inside.at(-1);
  if (!container || !first || !last) return;
  const active = document.activeElement;
  const outside = !container.contains(active);
  if (event.shiftKey && (active === first || active === container || outside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault();
    first.focus();
  }
}

/** How long a finger rests on a message before its menu opens. */
export const LONG_PRESS_MS = 500;
/** How far the finger may drift (px) and still be pressing rather than scrolling. */
export const LONG_PRESS_SLOP_PX = 10;

/**
 * The logic of a long press, apart from any element: `start` where the finger lands, `move` as it
 * moves (too far, and it is a scroll, not a press), `end` when it lifts or the browser takes the
 * gesture over (pointercancel: it scrolls). The press's `onLongPress` runs once the finger has
 * rested long enough; `fired` then says so, so the click or context menu that follows can be
 * swallowed.
 */
export function createLongPress() {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let origin: { x: number; y: number } | null = null;
  let fired = false;

  const end = () => {
    clearTimeout(timer);
    timer = undefined;
    origin = null;
  };

  return {
    start(x: number, y: number, onLongPress: () => void) {
      end();
      fired = false;
      origin = { x, y };
      timer = setTimeout(() => {
        end();
        fired = true;
        onLongPress();
      }, LONG_PRESS_MS);
    },
    move(x: number, y: number) {
      if (origin && Math.hypot(x - origin.x, y - origin.y) > LONG_PRESS_SLOP_PX) end();
    },
    end,
    /** A long press just happened: true once, for the click that may follow it. */
    takeFired() {
      const was = fired;
      fired = false;
      return was;
    },
    get pressing() {
      return origin !== null;
    },
    get fired() {
      return fired;
    },
  };
}

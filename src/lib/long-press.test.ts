import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLongPress, LONG_PRESS_MS, LONG_PRESS_SLOP_PX } from "./long-press";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("a long press on a message opens its menu; a tap or a scroll does not", () => {
  it("a finger resting for the whole time opens it, once", () => {
    const open = vi.fn();
    const press = createLongPress();
    press.start(100, 100, open);
    vi.advanceTimersByTime(LONG_PRESS_MS - 1);
    expect(open).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(open).toHaveBeenCalledTimes(1);
    expect(press.fired).toBe(true);
    vi.advanceTimersByTime(LONG_PRESS_MS * 3);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it("lifting the finger early is a tap", () => {
    const open = vi.fn();
    const press = createLongPress();
    press.start(100, 100, open);
    vi.advanceTimersByTime(LONG_PRESS_MS / 2);
    press.end();
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(open).not.toHaveBeenCalled();
    expect(press.fired).toBe(false);
  });

  it("a finger that moves further than the slop is scrolling, and the press is off", () => {
    const open = vi.fn();
    const press = createLongPress();
    press.start(100, 100, open);
    press.move(100 + LONG_PRESS_SLOP_PX / 2, 100); // a tremble: still pressing
    expect(press.pressing).toBe(true);
    press.move(100, 100 + LONG_PRESS_SLOP_PX + 1);
    expect(press.pressing).toBe(false);
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(open).not.toHaveBeenCalled();
  });

  it("a new press after a long one starts afresh", () => {
    const open = vi.fn();
    const press = createLongPress();
    press.start(0, 0, open);
    vi.advanceTimersByTime(LONG_PRESS_MS);
    press.start(0, 0, open);
    expect(press.fired).toBe(false);
    press.end();
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(open).toHaveBeenCalledTimes(1);
  });
});

describe("after a long press", () => {
  it("only the one click that follows it is swallowed", () => {
    const open = vi.fn();
    const press = createLongPress();
    press.start(0, 0, open);
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(press.takeFired()).toBe(true);
    expect(press.takeFired()).toBe(false);
  });
});

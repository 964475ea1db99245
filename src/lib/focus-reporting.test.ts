import { describe, expect, it } from "vitest";
import { createFocusReporter, tabIsFocused } from "./focus-reporting";

function reporter({ failSends = false } = {}) {
  let focused = true;
  const sent: boolean[] = [];
  let fail = failSends;
  const focus = createFocusReporter({
    isFocused: () => focused,
    send: (value) => {
      sent.push(value);
      return fail ? Promise.reject(new Error("not connected")) : Promise.resolve();
    },
  });
  return { focus, sent, setFocused: (value: boolean) => (focused = value), setFailing: (value: boolean) => (fail = value) };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("telling the server whether this tab is focused", () => {
  it("tells each socket that opens, then only changes", () => {
    const { focus, sent, setFocused } = reporter();
    focus.socketOpened();
    focus.check();
    focus.check();
    expect(sent).toEqual([true]);
    setFocused(false);
    focus.check();
    focus.check();
    expect(sent).toEqual([true, false]);
    // A new socket knows nothing yet: it is told even though nothing changed.
    focus.socketOpened();
    expect(sent).toEqual([true, false, false]);
  });

  it("does not count a report that could not be sent as told", async () => {
    const { focus, sent, setFailing } = reporter({ failSends: true });
    focus.check();
    await settle();
    setFailing(false);
    focus.check();
    expect(sent).toEqual([true, true]);
  });

  it("counts a tab as focused only when it is visible and has focus", () => {
    expect(tabIsFocused({ visibilityState: "visible", hasFocus: () => true })).toBe(true);
    expect(tabIsFocused({ visibilityState: "visible", hasFocus: () => false })).toBe(false);
    expect(tabIsFocused({ visibilityState: "hidden", hasFocus: () => true })).toBe(false);
  });
});

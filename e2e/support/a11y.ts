import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Page-wide checks every UI spec can run: accessibility (axe-core), nothing wider than the screen,
 * focus rings that are not cut off, legible text.
 */

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectNoSeriousAxeViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`);
  expect(serious, `axe on ${state}`).toEqual([]);
}

/**
 * Nothing scrolls sideways: the document is no wider than the viewport, no visible element
 * reaches past either edge, and no container hides content that is wider than itself. Only
 * containers marked `data-scrolls="sideways"` (a strip of chips or photo drafts) may scroll
 * sideways, text cut with an ellipsis may be wider than its box, and form fields scroll their
 * own text.
 */
export async function expectNoHorizontalOverflow(page: Page, state: string): Promise<void> {
  const problems = await page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const found: string[] = [];
    const describe = (el: Element) => {
      const id = el.getAttribute("data-testid");
      const cls = typeof el.className === "string" ? el.className.slice(0, 60) : "";
      return `<${el.tagName.toLowerCase()}${id ? ` data-testid=${id}` : ""}${cls ? ` class="${cls}"` : ""}>`;
    };
    if (document.documentElement.scrollWidth > viewport) {
      found.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${viewport}px viewport`);
    }
    const visit = (el: Element) => {
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden") return;
      const rect = el.getBoundingClientRect();
      const visible = rect.width > 0 && rect.height > 0;
      if (visible && (rect.left < -1 || rect.right > viewport + 1)) {
        found.push(`${describe(el)} spans ${Math.round(rect.left)}..${Math.round(rect.right)}px`);
        return;
      }
      const clips = style.overflowX !== "visible";
      if (clips) {
        const sideways = el.getAttribute("data-scrolls") === "sideways" && (style.overflowX === "auto" || style.overflowX === "scroll");
        const field = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
        const ellipsis = style.textOverflow === "ellipsis";
        const tiny = rect.width <= 1; // visually hidden text for screen readers
        if (!sideways && !field && !ellipsis && !tiny && el.scrollWidth > el.clientWidth + 1) {
          found.push(`${describe(el)} holds content ${el.scrollWidth}px wide in ${el.clientWidth}px`);
        }
        // What it clips is its own business, and checked above.
        return;
      }
      for (const child of el.children) visit(child);
    };
    visit(document.body);
    return found;
  });
  expect(problems, `sideways overflow on ${state}`).toEqual([]);
}

/**
 * The focused element's outline is drawn and fully inside every ancestor that clips (scrolling
 * lists, rounded photo grids), so the ring is seen whole.
 */
export async function expectFocusRingVisible(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const problem = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    const width = parseFloat(style.outlineWidth);
    if (style.outlineStyle === "none" || !(width > 0)) return "no focus outline";
    const reach = Math.max(0, parseFloat(style.outlineOffset) + width);
    const rect = el.getBoundingClientRect();
    const ring = { left: rect.left - reach, right: rect.right + reach, top: rect.top - reach, bottom: rect.bottom + reach };
    for (let parent = el.parentElement; parent; parent = parent.parentElement) {
      const ps = getComputedStyle(parent);
      if (ps.overflowX === "visible" && ps.overflowY === "visible") continue;
      const box = parent.getBoundingClientRect();
      // The inside of the border, where content (and a ring) can show.
      const inner = {
        left: box.left + parent.clientLeft,
        top: box.top + parent.clientTop,
        right: box.left + parent.clientLeft + parent.clientWidth,
        bottom: box.top + parent.clientTop + parent.clientHeight,
      };
      const cut = [
        ring.left < inner.left - 0.5 && "left",
        ring.right > inner.right + 0.5 && "right",
        (ps.overflowY !== "visible" || ps.overflowX !== "visible") && ring.top < inner.top - 0.5 && "top",
        (ps.overflowY !== "visible" || ps.overflowX !== "visible") && ring.bottom > inner.bottom + 0.5 && "bottom",
      ].filter(Boolean);
      if (cut.length) return `ring cut on the ${cut.join(", ")} by <${parent.tagName.toLowerCase()} class="${parent.className}">`;
    }
    return null;
  });
  expect(problem, "focus ring").toBeNull();
}

/** WCAG contrast of the element's text against the first opaque background behind it. */
export async function contrastRatio(target: Locator): Promise<number> {
  return target.evaluate((el) => {
    const parse = (c: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (c.match(/[\d.]+/g) ?? []).map(Number);
      return { r, g, b, a };
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const channel = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    type Colour = { r: number; g: number; b: number; a: number };
    const over = (top: Colour, alpha: number, bottom: Colour): Colour => ({
      r: top.r * alpha + bottom.r * (1 - alpha),
      g: top.g * alpha + bottom.g * (1 - alpha),
      b: top.b * alpha + bottom.b * (1 - alpha),
      a: 1,
    });
    const chain: Element[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) chain.push(node);
    const opaqueAt = (from: number) => {
      for (let i = from; i < chain.length; i++) {
        const bg = parse(getComputedStyle(chain[i]!).backgroundColor);
        if (bg.a >= 1) return { index: i, colour: bg };
      }
      return { index: chain.length, colour: { r: 255, g: 255, b: 255, a: 1 } };
    };
    // A faded element (opacity below 1) fades its text and its own background into what is behind it.
    let faded = -1;
    let opacity = 1;
    chain.forEach((node, i) => {
      const o = Number(getComputedStyle(node).opacity);
      if (o < 1) {
        opacity *= o;
        faded = i;
      }
    });
    const text = parse(getComputedStyle(el).color);
    const back = opaqueAt(0);
    let shownText = over(text, text.a, back.colour);
    let shownBack = back.colour;
    if (faded >= 0) {
      const behind = back.index <= faded ? opaqueAt(faded + 1).colour : back.colour;
      shownText = over(shownText, opacity, behind);
      if (back.index <= faded) shownBack = over(back.colour, opacity, behind);
    }
    const shown = shownText;
    const background = shownBack;
    const [light, dark] = [luminance(shown), luminance(background)].sort((a, b) => b - a) as [number, number];
    return (light + 0.05) / (dark + 0.05);
  });
}

/** Moves focus to `target` the way a keyboard user does, with Tab, so it shows its focus ring. */
export async function focusWithKeyboard(page: Page, target: Locator, maxTabs = 80): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

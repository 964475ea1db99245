import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AFTER_SIGN_IN_PATH, safePath } from "./safe-path";

const ORIGIN = "https://glow.example";

describe("safePath keeps people on this site after sign-in", () => {
  it("follows a path of this site, with its query and fragment", () => {
    for (const path of ["/messages", "/messages/cmwtryy3e0000pi7d9222d25w", "/bookings?status=PENDING", "/artists#top", "/", "/messages/%E2%9C%93"]) {
      expect(safePath(path)).toBe(path);
      expect(safePath(path, ORIGIN)).toBe(path);
    }
  });

  it("follows a URL on this site's own origin as its path (next-auth passes the page's URL)", () => {
    expect(safePath(`${ORIGIN}/bookings?status=PENDING#x`, ORIGIN)).toBe("/bookings?status=PENDING#x");
    expect(safePath(`${ORIGIN}`, ORIGIN)).toBe("/");
    // ...but only when told which origin is ours.
    expect(safePath(`${ORIGIN}/bookings`)).toBe(AFTER_SIGN_IN_PATH);
  });

  const elsewhere = [
    // another site, however it is spelled
    "https://evil.example",
    "http://evil.example/messages",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "https:/evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    // another site behind a character that browsers strip or decode
    "/%09/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/%0d%0aLocation:%20https://evil.example",
    // control characters and backslashes anywhere
    "/messages\u0000",
    "/messages\u007f",
    "/messages\u0085",
    "/messages\\x",
    // not a path at all
    "",
    " /messages",
    "messages",
    "?next=/",
    "#/messages",
    "/%E0%A4%A",
    "/" + "a".repeat(3000),
    `${ORIGIN}@evil.example/`,
    `https://user:pass@glow.example/messages`,
    "https://glow.example.evil.example/messages",
    "http://glow.example/messages",
  ];
  it.each(elsewhere)("sends %j to /messages", (value) => {
    expect(safePath(value)).toBe(AFTER_SIGN_IN_PATH);
    expect(safePath(value, ORIGIN)).toBe(AFTER_SIGN_IN_PATH);
  });

  it("sends anything that is not a string to /messages", () => {
    for (const value of [undefined, null, 42, ["/bookings"], { toString: () => "/bookings" }]) {
      expect(safePath(value)).toBe(AFTER_SIGN_IN_PATH);
    }
  });

  it("never leaves the origin, whatever the string (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.webUrl(),
          fc.webPath(),
          fc.tuple(fc.constantFrom("/", "//", "/\\", "\\", "/%09/", "/%2F", "https://", ORIGIN), fc.string()).map(([a, b]) => a + b),
        ),
        (value) => {
          for (const result of [safePath(value), safePath(value, ORIGIN)]) {
            // The browser's reading of the result, on a page of ours, stays on our origin...
            expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
            // ...and it is a plain path, the same after one more decoding.
            expect(result).toMatch(/^\/(?![/\\])/);
            expect(result).not.toMatch(/[\u0000-\u001f\u007f-\u009f\\]/);
            expect(decodeURIComponent(result)).toMatch(/^\/(?![/\\])/);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
